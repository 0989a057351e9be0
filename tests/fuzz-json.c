/* fuzz-json.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the JSON reader and writer: whatever the input, parsing must not
 * crash or leak, and what parses must write back to text that parses to an equal value.
 * Build with: CC=clang meson setup _build-fuzz -Dfuzzing=true && ninja -C _build-fuzz
 * Run: _build-fuzz/benchmarks/fuzz-json -max_len=4096 corpus/
 */

#include "config.h"

#include "varlink-json.h"

static gboolean
drop_member (const char  *name,
             JsonNode    *value,
             gpointer     user_data,
             GError     **error)
{
  json_node_unref (value);
  return TRUE;
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  varlink_json_parse_members ((const char *) data, size, drop_member, NULL, NULL);

  node = varlink_json_parse ((const char *) data, size, &error);
  if (node != NULL)
    {
      g_autofree char *compact = varlink_json_to_string (node, FALSE);
      g_autofree char *pretty = varlink_json_to_string (node, TRUE);
      g_autoptr(JsonNode) again = varlink_json_parse (compact, strlen (compact), NULL);
      g_autoptr(JsonNode) again_pretty = varlink_json_parse (pretty, strlen (pretty), NULL);

      /* NaN cannot come from text, so every value survives its own writing. */
      g_assert_nonnull (again);
      g_assert_nonnull (again_pretty);
      g_assert_true (varlink_json_equal (node, again));
      g_assert_true (varlink_json_equal (node, again_pretty));
    }
  else
    {
      g_assert_nonnull (error);
    }

  return 0;
}
