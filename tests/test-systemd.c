/* test-systemd.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "varlink.h"

/* Interoperability with a real systemd service: systemd-userwork from Debian 12's
 * systemd-userdbd (systemd 252), socket-activated through an exec: address exactly as
 * systemd-userdbd starts it. systemd 252 does not introspect, writes its own JSON and closes
 * the connection on malformed input: the peer the module must cope with on real machines. */

#define USERWORK "/lib/systemd/systemd-userwork"
#define TIMEOUT_MS 10000
#define NSS "io.systemd.NameServiceSwitch"

typedef struct {
  GPtrArray *replies;   /* VarlinkReply */
  GError    *error;
  gboolean   done;
} Collect;

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

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 2 * TIMEOUT_MS * 1000;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  return *slot;
}

static VarlinkConnection *
connect_userwork (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VarlinkConnection *connection;

  /* systemd-userdbd sets USERDB_FIXED_WORKER for the workers it keeps; env keeps the pid, so
   * LISTEN_PID still names the process that reads it. */
  varlink_connection_new_async ("exec:/usr/bin/env USERDB_FIXED_WORKER=1 " USERWORK,
                                NULL, on_result, &result);
  connection = varlink_connection_new_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);

  return connection;
}

static void
collect_cb (VarlinkConnection *connection,
            VarlinkReply      *reply,
            const GError      *error,
            gpointer           user_data)
{
  Collect *collect = user_data;

  g_assert_false (collect->done);

  if (reply != NULL)
    g_ptr_array_add (collect->replies, varlink_reply_ref (reply));
  else
    collect->error = g_error_copy (error);

  if (reply == NULL || !varlink_reply_get_continues (reply))
    collect->done = TRUE;
}

static void
collect_init (Collect *collect)
{
  collect->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) varlink_reply_unref);
  collect->error = NULL;
  collect->done = FALSE;
}

static void
collect_clear (Collect *collect)
{
  g_clear_pointer (&collect->replies, g_ptr_array_unref);
  g_clear_error (&collect->error);
}

static void
collect_wait (Collect *collect)
{
  gint64 deadline = g_get_monotonic_time () + 2 * TIMEOUT_MS * 1000;

  while (!collect->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static JsonObject *
user_query (const char *user_name)
{
  JsonObject *parameters = json_object_new ();

  json_object_set_string_member (parameters, "service", NSS);
  if (user_name != NULL)
    json_object_set_string_member (parameters, "userName", user_name);

  return parameters;
}

static VarlinkInterface *
load_userdb_interface (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "systemd",
                                                 "io.systemd.UserDatabase.varlink", NULL);
  g_autofree char *text = NULL;
  VarlinkInterface *interface;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  interface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_STRICT, &error);
  g_assert_no_error (error);

  return interface;
}

static void
test_no_introspection (void)
{
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInfo) info = NULL;
  g_autofree char *description = NULL;

  if (!userwork_available ())
    return;

  connection = connect_userwork ();

  varlink_connection_get_info_async (connection, TIMEOUT_MS, NULL, on_result, &result);
  info = varlink_connection_get_info_finish (connection, wait_result (&result), &error);
  g_assert_null (info);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==,
                   "org.varlink.service.MethodNotImplemented");
  g_clear_error (&error);

  /* The connection stays usable after an error reply. */
  varlink_connection_get_description_async (connection, "io.systemd.UserDatabase", TIMEOUT_MS,
                                            NULL, on_result, &result2);
  description = varlink_connection_get_description_finish (connection, wait_result (&result2),
                                                           &error);
  g_assert_null (description);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==,
                   "org.varlink.service.MethodNotFound");
  g_assert_false (varlink_connection_is_closed (connection));
}

static void
test_get_user_record (void)
{
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(VarlinkInterface) userdb = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  VarlinkMember *method;
  JsonObject *record;
  Collect collect;

  if (!userwork_available ())
    return;

  connection = connect_userwork ();
  userdb = load_userdb_interface ();
  method = varlink_interface_lookup (userdb, "GetUserRecord");
  g_assert_nonnull (method);

  collect_init (&collect);
  parameters = user_query ("root");
  varlink_connection_call (connection, "io.systemd.UserDatabase.GetUserRecord", parameters,
                           VARLINK_CALL_NONE, TIMEOUT_MS, NULL, collect_cb, &collect, NULL);
  collect_wait (&collect);
  g_assert_no_error (collect.error);
  g_assert_cmpuint (collect.replies->len, ==, 1);
  g_assert_null (varlink_reply_get_error (collect.replies->pdata[0]));

  /* What systemd sent matches the interface file the app would attach. */
  node = json_node_init_object (json_node_alloc (),
                                varlink_reply_get_parameters (collect.replies->pdata[0]));
  varlink_type_check (varlink_member_get_output (method), userdb, node,
                      VARLINK_CHECK_ALLOW_UNKNOWN_FIELDS, NULL, &error);
  g_assert_no_error (error);

  record = json_object_get_object_member (varlink_reply_get_parameters (collect.replies->pdata[0]),
                                          "record");
  g_assert_cmpstr (json_object_get_string_member (record, "userName"), ==, "root");
  g_assert_cmpint (json_object_get_int_member (record, "uid"), ==, 0);
  collect_clear (&collect);
}

static void
test_errors_and_pipelining (void)
{
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonObject) bad_service = NULL;
  Collect first, second, third;

  if (!userwork_available ())
    return;

  connection = connect_userwork ();
  missing = user_query ("no-such-user-varlink-explorer");
  root = user_query ("root");
  bad_service = json_object_new ();
  json_object_set_string_member (bad_service, "service", "org.example.NotAService");
  json_object_set_string_member (bad_service, "userName", "root");

  /* Three calls queued before any reply: answered in order, one error among them. */
  collect_init (&first);
  collect_init (&second);
  collect_init (&third);
  varlink_connection_call (connection, "io.systemd.UserDatabase.GetUserRecord", missing,
                           VARLINK_CALL_NONE, TIMEOUT_MS, NULL, collect_cb, &first, NULL);
  varlink_connection_call (connection, "io.systemd.UserDatabase.GetUserRecord", bad_service,
                           VARLINK_CALL_NONE, TIMEOUT_MS, NULL, collect_cb, &second, NULL);
  varlink_connection_call (connection, "io.systemd.UserDatabase.GetUserRecord", root,
                           VARLINK_CALL_NONE, TIMEOUT_MS, NULL, collect_cb, &third, NULL);
  collect_wait (&third);
  g_assert_true (first.done && second.done);

  g_assert_cmpstr (varlink_reply_get_error (first.replies->pdata[0]), ==,
                   "io.systemd.UserDatabase.NoRecordFound");
  g_assert_cmpstr (varlink_reply_get_error (second.replies->pdata[0]), ==,
                   "io.systemd.UserDatabase.BadService");
  g_assert_null (varlink_reply_get_error (third.replies->pdata[0]));

  collect_clear (&first);
  collect_clear (&second);
  collect_clear (&third);
}

static void
test_enumerate_with_more (void)
{
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  gboolean saw_root = FALSE;
  Collect collect;

  if (!userwork_available ())
    return;

  connection = connect_userwork ();
  collect_init (&collect);
  parameters = user_query (NULL);
  varlink_connection_call (connection, "io.systemd.UserDatabase.GetUserRecord", parameters,
                           VARLINK_CALL_MORE, TIMEOUT_MS, NULL, collect_cb, &collect, NULL);
  collect_wait (&collect);
  g_assert_no_error (collect.error);
  g_assert_cmpuint (collect.replies->len, >, 1);

  for (guint i = 0; i < collect.replies->len; i++)
    {
      VarlinkReply *reply = collect.replies->pdata[i];
      JsonObject *record;

      g_assert_null (varlink_reply_get_error (reply));
      /* systemd leaves "continues" out of the last reply only. */
      g_assert_cmpint (varlink_reply_get_continues (reply), ==, i + 1 < collect.replies->len);
      record = json_object_get_object_member (varlink_reply_get_parameters (reply), "record");
      if (g_strcmp0 (json_object_get_string_member (record, "userName"), "root") == 0)
        saw_root = TRUE;
    }

  g_assert_true (saw_root);
  collect_clear (&collect);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/systemd/no-introspection", test_no_introspection);
  g_test_add_func ("/systemd/get-user-record", test_get_user_record);
  g_test_add_func ("/systemd/errors-and-pipelining", test_errors_and_pipelining);
  g_test_add_func ("/systemd/enumerate-with-more", test_enumerate_with_more);

  return g_test_run ();
}
