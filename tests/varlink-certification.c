/* varlink-certification.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>

#include "certification.h"

/* Runs org.varlink.certification: --client ADDRESS calls a service and exits 0 only when End
 * answered all_ok: true; --service ADDRESS serves it until SIGTERM or SIGINT. */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
} Run;

static void
log_cb (const char *line,
        gpointer    user_data)
{
  g_print ("%s\n", line);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  run->ok = demo_certification_run_finish (result, &error);
  if (run->ok)
    g_print ("Certification passed: End answered all_ok: true\n");
  else
    g_printerr ("Certification failed: %s\n", error->message);
  g_main_loop_quit (run->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *client = NULL;
  g_autofree char *service_address = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const GOptionEntry entries[] = {
    { "client", 0, 0, G_OPTION_ARG_STRING, &client, "Certify the service at ADDRESS", "ADDRESS" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_address, "Serve the certification at ADDRESS",
      "ADDRESS" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Runs the Varlink certification, as client or service.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if ((client == NULL) == (service_address == NULL))
    {
      g_printerr ("Give exactly one of --client ADDRESS and --service ADDRESS.\n");
      return 2;
    }

  if (client != NULL)
    {
      Run run = { loop, FALSE };

      demo_certification_run_async (client, log_cb, NULL, NULL, run_cb, &run);
      g_main_loop_run (loop);
      return run.ok ? 0 : 1;
    }
  else
    {
      g_autoptr(VarlinkService) service = varlink_service_new ("Varlink Explorer",
                                                               "Varlink Explorer certification",
                                                               PACKAGE_VERSION,
                                                               "https://github.com/varlinkexplorer/varlink-explorer");

      if (!demo_certification_add_to_service (service, &error) ||
          !varlink_service_listen (service, service_address, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_unix_signal_add (SIGTERM, quit_cb, loop);
      g_unix_signal_add (SIGINT, quit_cb, loop);
      g_main_loop_run (loop);
      return 0;
    }
}
