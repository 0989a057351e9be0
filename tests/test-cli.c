/* test-cli.c: varlink-explorer --validate-idl, run as a program without a display.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs the built program with DISPLAY and WAYLAND_DISPLAY unset: validating must not need
 * a display. */
static void
run_program (Run               *run,
             const char * const *args)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "src",
                                                    "varlink-explorer", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Every line of err must be "FILE:LINE:COLUMN: error|warning: text"; returns the number of
 * error lines about path and the line number of the first one. */
static guint
count_errors (const char *err,
              const char *path,
              guint      *first_line)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
  g_autofree char *escaped = g_regex_escape_string (path, -1);
  g_autofree char *pattern = g_strdup_printf ("^%s:([0-9]+):([0-9]+): (error|warning): .+$",
                                              escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  guint n_errors = 0;

  *first_line = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *line_text = NULL;
      g_autofree char *column_text = NULL;
      g_autofree char *kind = NULL;

      if (lines[i][0] == '\0')
        continue;

      if (!g_regex_match_simple ("^.+:[0-9]+:[0-9]+: (error|warning): .+$", lines[i], 0, 0))
        g_error ("not a FILE:LINE:COLUMN: line: %s", lines[i]);

      if (!g_regex_match (regex, lines[i], 0, &match))
        continue;

      line_text = g_match_info_fetch (match, 1);
      column_text = g_match_info_fetch (match, 2);
      kind = g_match_info_fetch (match, 3);
      g_assert_cmpint (atoi (line_text), >=, 1);
      g_assert_cmpint (atoi (column_text), >=, 1);

      if (g_str_equal (kind, "error"))
        {
          if (n_errors == 0)
            *first_line = atoi (line_text);
          n_errors++;
        }
    }

  return n_errors;
}

static void
test_valid_interfaces (void)
{
  const char *dir_path = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;
  Run run = { 0 };

  g_assert_nonnull (dir_path);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  g_ptr_array_add (args, g_strdup ("--validate-idl"));
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".varlink"))
        g_ptr_array_add (args, g_build_filename (dir_path, name, NULL));
    }
  g_assert_cmpuint (args->len, >=, 5);
  g_ptr_array_add (args, NULL);

  run_program (&run, (const char * const *) args->pdata);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

static void
test_broken_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-cli-XXXXXX", NULL);
  g_autofree char *valid = NULL;
  g_autofree char *syntax = NULL;
  g_autofree char *undefined = NULL;
  guint first_line;
  Run run = { 0 };

  valid = write_temp (dir, "org.example.valid.varlink",
                      "# A valid interface.\n"
                      "interface org.example.valid\n"
                      "\n"
                      "method Ping(data: string) -> (data: string)\n");
  syntax = write_temp (dir, "org.example.syntax.varlink",
                       "interface org.example.syntax\n"
                       "\n"
                       "method Ping() -> ()\n"
                       "method Broken(x: ) -> ()\n");
  undefined = write_temp (dir, "org.example.undefined.varlink",
                          "interface org.example.undefined\n"
                          "\n"
                          "type Known (a: int)\n"
                          "\n"
                          "method Get() -> (value: Unknown)\n");

  run_program (&run, (const char *[]) { "--validate-idl", valid, syntax, undefined, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  /* The valid file is not mentioned; each broken one is, on the line of its problem. */
  g_assert_null (strstr (run.err, valid));
  g_assert_cmpuint (count_errors (run.err, syntax, &first_line) +
                    count_errors (run.err, undefined, &first_line), >=, 2);
  g_assert_cmpuint (count_errors (run.err, syntax, &first_line), >=, 1);
  g_assert_cmpuint (first_line, ==, 4);
  g_assert_cmpuint (count_errors (run.err, undefined, &first_line), >=, 1);
  g_assert_cmpuint (first_line, ==, 5);
  run_clear (&run);

  /* Alone, the valid file passes. */
  run_program (&run, (const char *[]) { "--validate-idl", valid, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  g_remove (valid);
  g_remove (syntax);
  g_remove (undefined);
  g_rmdir (dir);
}

static void
test_unreadable_file (void)
{
  Run run = { 0 };

  run_program (&run, (const char *[]) { "--validate-idl", "/nonexistent/org.example.varlink",
                                        NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "/nonexistent/org.example.varlink: error: "));
  g_assert_nonnull (strstr (run.err, "No such file"));
  run_clear (&run);

  run_program (&run, (const char *[]) { "--validate-idl", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, !=, "");
  run_clear (&run);
}

/* The broken files the IDL tests keep in tests/invalid/, when there are any. */
static void
test_invalid_directory (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "invalid", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("tests/invalid/ does not exist");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      guint first_line;
      Run run = { 0 };

      if (!g_str_has_suffix (name, ".varlink"))
        continue;

      run_program (&run, (const char *[]) { "--validate-idl", path, NULL });
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpuint (count_errors (run.err, path, &first_line), >=, 1);
      run_clear (&run);
      n++;
    }

  if (n == 0)
    g_test_skip ("tests/invalid/ has no .varlink files");
}

/* Two calls written to the bridge's standard input reach the demo service, and its replies
 * come out on standard output, NUL-terminated; the bridge ends when its input does. */
static void
test_bridge (void)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "src",
                                                    "varlink-explorer", NULL);
  g_autofree char *address = g_strconcat ("exec:", g_getenv ("VARLINK_EXPLORER_DEMO"), NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  const char calls[] =
    "{\"method\":\"org.example.demo.Ping\",\"parameters\":{\"data\":\"bridged\"}}\0"
    "{\"method\":\"org.example.demo.Divide\",\"parameters\":{\"dividend\":1,\"divisor\":0}}";
  const char replies[] =
    "{\"parameters\":{\"data\":\"bridged\"}}\0"
    "{\"error\":\"org.example.demo.DivisionByZero\"";

  g_assert_nonnull (g_getenv ("VARLINK_EXPLORER_DEMO"));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, program, "--bridge", address, NULL);
  g_assert_no_error (error);
  input = g_bytes_new_static (calls, sizeof calls);
  g_subprocess_communicate (process, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (output), >, sizeof replies - 1);
  g_assert_cmpmem (g_bytes_get_data (output, NULL), sizeof replies - 1, replies, sizeof replies - 1);
}

static void
test_bridge_unreachable (void)
{
  Run run = { 0 };

  run_program (&run, (const char *[]) { "--bridge", "unix:/nonexistent/varlink-explorer", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "varlink-explorer --bridge: "));
  g_assert_nonnull (strstr (run.err, "/nonexistent/varlink-explorer"));
  run_clear (&run);
}

static void
test_help (void)
{
  Run run = { 0 };

  run_program (&run, (const char *[]) { "--help", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--validate-idl"));
  g_assert_nonnull (strstr (run.out, "--bridge"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/validate-idl/valid", test_valid_interfaces);
  g_test_add_func ("/cli/validate-idl/broken", test_broken_files);
  g_test_add_func ("/cli/validate-idl/unreadable", test_unreadable_file);
  g_test_add_func ("/cli/validate-idl/invalid-directory", test_invalid_directory);
  g_test_add_func ("/cli/bridge", test_bridge);
  g_test_add_func ("/cli/bridge-unreachable", test_bridge_unreachable);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}
