/* test-systemd-window.c: the window on a real systemd service, as a systemd developer uses it:
 * systemd-userwork (Debian 12's systemd 252, no introspection) opened through exec:, its
 * interface attached from a file, GetUserRecord called from the form, one record, a `more`
 * enumeration into the reply log, and a documented error (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-call-page.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

#define USERWORK "/lib/systemd/systemd-userwork"
#define ADDRESS "exec:/usr/bin/env USERDB_FIXED_WORKER=1 " USERWORK
#define METHOD "io.systemd.UserDatabase.GetUserRecord"

static gboolean
userwork_available (void)
{
  if (g_file_test (USERWORK, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;

  if (g_strcmp0 (g_getenv ("VARLINK_SKIP_SYSTEMD_INTEROP"), "1") == 0)
    {
      g_test_skip ("VARLINK_SKIP_SYSTEMD_INTEROP=1 and " USERWORK " is missing");
      return FALSE;
    }

  g_test_message ("%s is missing: install the package systemd-userdbd "
                  "(or set VARLINK_SKIP_SYSTEMD_INTEROP=1 to skip)", USERWORK);
  g_test_fail ();
  return FALSE;
}

/* How many users the system's passwd lists: NameServiceSwitch enumerates at least these. */
static guint
count_passwd_users (void)
{
  g_autofree char *passwd = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL));
  lines = g_strsplit (passwd, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      n++;
  return n;
}

static void
test_user_database (void)
{
  g_autofree char *idl = g_test_build_filename (G_TEST_DIST, "systemd",
                                                "io.systemd.UserDatabase.varlink", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (idl);
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  ExplorerWindow *window;
  ExplorerService *service;
  ExplorerCallPage *page;
  ExplorerReplyLog *log;

  if (!userwork_available ())
    return;

  window = explorer_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 1000);
  gtk_window_present (GTK_WINDOW (window));
  explorer_window_open_address (window, ADDRESS);
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  explorer_test_wait_until_settled (service, 20);

  /* Named after the service, not after env, which starts it. */
  g_assert_cmpstr (explorer_service_get_title (service), ==, "systemd-userwork");

  /* systemd 252 answers, but does not describe itself. */
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
  g_assert_false (explorer_window_select (window, METHOD));

  /* With the interface attached from its file, the method has a form. */
  g_assert_true (explorer_service_attach_file (service, file, &error));
  g_assert_no_error (error);
  explorer_test_iterate_for (100);
  g_assert_true (explorer_window_select (window, METHOD));
  page = explorer_definition_view_get_call_page (explorer_window_get_definition_view (window));
  g_assert_nonnull (page);
  g_assert_cmpstr (explorer_call_page_get_method_name (page), ==, METHOD);

  /* One record: root's, as the reply tree shows it. */
  explorer_call_page_set_flags (page, VARLINK_CALL_NONE);
  explorer_test_set_call_parameters (page, "{\"userName\": \"root\", \"service\": \"io.systemd.NameServiceSwitch\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), ==, 1);
  row = explorer_reply_view_dup_row (explorer_call_page_get_reply_view (page), 0);
  g_assert_true (g_str_has_prefix (row, "record\tobject\t"));
  explorer_test_save_screenshot (window, "systemd-user-record");

  /* With more and no name, every user streams into the log. */
  explorer_call_page_set_flags (page, VARLINK_CALL_MORE);
  explorer_test_set_call_parameters (page, "{\"service\": \"io.systemd.NameServiceSwitch\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);
  log = explorer_call_page_get_reply_log (page);
  g_assert_nonnull (log);
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), >=, count_passwd_users ());
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==,
                    explorer_call_page_get_n_replies (page));
  explorer_test_save_screenshot (window, "systemd-user-stream");

  /* A user nobody has: systemd's error, with the documentation from the attached file. */
  explorer_call_page_set_flags (page, VARLINK_CALL_NONE);
  explorer_test_set_call_parameters (page, "{\"userName\": \"no-such-user-varlink-explorer\", \"service\": \"io.systemd.NameServiceSwitch\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_ERROR);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "io.systemd.UserDatabase.NoRecordFound");
  g_assert_true (explorer_test_find_label (GTK_WIDGET (page), "No user or group matches."));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows are named after the service a command serves or carries, past wrappers. */
static void
test_titles (void)
{
  const struct { const char *address, *title; } cases[] = {
    { "exec:/usr/bin/env A=1 B=2 /lib/systemd/systemd-userwork", "systemd-userwork" },
    { "exec:/usr/libexec/varlink-explorer-demo", "varlink-explorer-demo" },
    { "bridge:pkexec /usr/bin/varlink-explorer --bridge unix:/run/systemd/io.systemd.Credentials",
      "io.systemd.Credentials" },
    { "bridge:flatpak-spawn --host socat STDIO UNIX-CONNECT:/run/systemd/io.systemd.Hostname",
      "io.systemd.Hostname" },
    { "bridge:sudo -u root varlinkd", "varlinkd" },
    { "unix:/run/systemd/userdb/io.systemd.Multiplexer", "io.systemd.Multiplexer" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ExplorerService) service = explorer_service_new (NULL, cases[i].address);

      g_assert_cmpstr (explorer_service_get_title (service), ==, cases[i].title);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  g_test_add_func ("/systemd-window/titles", test_titles);
  g_test_add_func ("/systemd-window/user-database", test_user_database);
  return g_test_run ();
}
