/* fuzz-idl.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libFuzzer target for the IDL parser, the formatter and example values. Not built by
 * default; build and run it by hand, seeding it with the test interfaces:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I_build -Isrc/varlink \
 *     $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) tests/fuzz-idl.c \
 *     src/varlink/varlink-interface.c src/varlink/varlink-type.c src/varlink/varlink-error.c \
 *     $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0) -o fuzz-idl
 *   ./fuzz-idl -max_total_time=300 corpus/ tests/interfaces/ tests/invalid/
 */

#include "config.h"

#include "varlink-interface.h"
#include "varlink-type-private.h"

static void
check_examples (VarlinkInterface *iface,
                VarlinkType      *type)
{
  g_autoptr(JsonNode) example = NULL;

  if (type == NULL)
    return;

  example = varlink_type_example (type, iface);
  g_assert_nonnull (example);
  /* The value only has to be valid when the type has finite values; checking it must
   * terminate and not crash either way. */
  varlink_type_check (type, iface, example, VARLINK_CHECK_NONE, NULL, NULL);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;

  for (int mode = VARLINK_PARSE_STRICT; mode <= VARLINK_PARSE_LENIENT; mode++)
    {
      g_autoptr(GPtrArray) diagnostics = varlink_interface_validate (text, size, mode);
      g_autoptr(VarlinkInterface) iface = varlink_interface_new_from_string (text, size, mode, NULL);
      g_autoptr(VarlinkInterface) again = NULL;
      g_autofree char *formatted = NULL;
      g_autofree char *reformatted = NULL;
      gboolean has_error = FALSE;
      GListModel *members;

      for (guint i = 0; i < diagnostics->len; i++)
        {
          VarlinkDiagnostic *d = g_ptr_array_index (diagnostics, i);

          g_assert_cmpuint (d->line, >=, 1);
          g_assert_cmpuint (d->column, >=, 1);
          g_assert_true (g_utf8_validate (d->message, -1, NULL));
          has_error |= !d->warning;
        }

      /* validate and new_from_string agree on whether the text is acceptable. */
      g_assert_true ((iface == NULL) == has_error);
      if (iface == NULL)
        continue;

      /* Formatting gives text that parses to the same thing, and is stable. */
      formatted = varlink_interface_format (iface);
      again = varlink_interface_new_from_string (formatted, -1, mode, NULL);
      g_assert_nonnull (again);
      reformatted = varlink_interface_format (again);
      g_assert_cmpstr (formatted, ==, reformatted);

      members = varlink_interface_get_members (iface);
      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(VarlinkMember) member = g_list_model_get_item (members, i);
          g_autoptr(VarlinkMember) member2 = g_list_model_get_item (varlink_interface_get_members (again), i);

          g_assert_true (varlink_type_equal (varlink_member_get_definition (member),
                                             varlink_member_get_definition (member2)));
          g_assert_true (varlink_type_equal (varlink_member_get_input (member),
                                             varlink_member_get_input (member2)));
          g_assert_cmpstr (varlink_member_get_doc (member), ==, varlink_member_get_doc (member2));
          check_examples (iface, varlink_member_get_definition (member));
          check_examples (iface, varlink_member_get_input (member));
          check_examples (iface, varlink_member_get_output (member));
        }
    }

  return 0;
}
