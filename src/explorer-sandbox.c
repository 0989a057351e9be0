/* explorer-sandbox.c: reaching the host's services from inside a Flatpak sandbox.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "explorer-sandbox.h"
#include "varlink/varlink-address.h"

gboolean
explorer_sandbox_is_flatpak (void)
{
  const char *info = g_getenv ("EXPLORER_FLATPAK_INFO");

  if (info == NULL || *info == '\0')
    info = "/.flatpak-info";

  /* One stat of a file at the root: cheap enough not to cache, and tests can switch. */
  return g_file_test (info, G_FILE_TEST_EXISTS);
}

/* socat reads ',' as the start of options and '!!' as a second address; such a path cannot
 * be handed to it, and a socket path with them is rare enough to leave unreachable. */
static gboolean
socat_can_take (const char *path)
{
  return strchr (path, ',') == NULL && strstr (path, "!!") == NULL;
}

static char *
host_bridge_for_path (const char *path)
{
  g_autofree char *target = g_strconcat ("UNIX-CONNECT:", path, NULL);
  g_autofree char *quoted = g_shell_quote (target);

  /* Quoted only when it has to be: the address is shown on the sidebar row. */
  if (strpbrk (path, " \t\n'\"\\$`*?[]#~=%;&|<>(){}") == NULL)
    return g_strconcat ("bridge:flatpak-spawn --host socat STDIO ", target, NULL);
  return g_strconcat ("bridge:flatpak-spawn --host socat STDIO ", quoted, NULL);
}

char *
explorer_sandbox_host_address (const char *address)
{
  g_autoptr(VarlinkAddress) parsed = NULL;
  const char *path;

  g_return_val_if_fail (address != NULL, NULL);

  if (!explorer_sandbox_is_flatpak ())
    return g_strdup (address);

  parsed = varlink_address_parse (address, NULL);
  if (parsed == NULL || varlink_address_get_kind (parsed) != VARLINK_ADDRESS_UNIX)
    return g_strdup (address);

  /* Every path, not only /run: the sandbox has its own /tmp and no home, and the paths it
   * shares with the host ($XDG_RUNTIME_DIR/app, ~/.var/app) are the same there. */
  path = varlink_address_get_path (parsed);
  if (!socat_can_take (path))
    return g_strdup (address);

  return host_bridge_for_path (path);
}

typedef struct
{
  char *prefix;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->prefix);
  g_free (data);
}

static void
on_find_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  FindData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &output, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* find exits with 1 when the directory is missing: that is an empty directory here.
   * flatpak-spawn itself failing (no permission to talk to the portal) is not. */
  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) > 1)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "flatpak-spawn --host find exited with status %d",
                               g_subprocess_get_exit_status (subprocess));
      return;
    }

  lines = g_strsplit (output != NULL ? output : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      char *address;

      if (lines[i][0] != '/')
        continue;

      name = g_path_get_basename (lines[i]);
      if (data->prefix != NULL && !g_str_has_prefix (name, data->prefix))
        continue;
      if (!socat_can_take (lines[i]))
        continue;

      address = g_strconcat ("unix:", lines[i], NULL);
      g_hash_table_insert (found, address, g_steal_pointer (&name));
    }

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_hash_table_unref);
}

void
explorer_sandbox_find_host_sockets_async (const char          *directory,
                                          guint                depth,
                                          const char          *prefix,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *max_depth = NULL;
  FindData *data;

  g_return_if_fail (directory != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, explorer_sandbox_find_host_sockets_async);
  data = g_new0 (FindData, 1);
  data->prefix = g_strdup (prefix);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  /* -xtype: the registry holds symbolic links to the services' sockets. */
  max_depth = g_strdup_printf ("%u", depth + 1);
  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                 &error,
                                 "flatpak-spawn", "--host",
                                 "find", directory, "-mindepth", "1", "-maxdepth", max_depth,
                                 "-xtype", "s",
                                 NULL);
  if (subprocess == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (subprocess, NULL, cancellable, on_find_done,
                                       g_steal_pointer (&task));
}

GHashTable *
explorer_sandbox_find_host_sockets_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
