/* test-interface.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "varlink-error.h"
#include "varlink-interface.h"
#include "varlink-type-private.h"

static char *
read_interface_file (const char *name)
{
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static GPtrArray *
list_files (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_suffix (name, ".varlink"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (names->len, >, 0);

  return names;
}

static VarlinkInterface *
parse_ok (const char       *text,
          VarlinkParseMode  mode)
{
  g_autoptr(GError) error = NULL;
  VarlinkInterface *iface = varlink_interface_new_from_string (text, -1, mode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (iface);

  return iface;
}

static void
assert_parse_error (const char       *text,
                    VarlinkParseMode  mode,
                    const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInterface) iface = varlink_interface_new_from_string (text, -1, mode, &error);

  g_assert_null (iface);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
}

static VarlinkMember *
member_at (VarlinkInterface *iface,
           guint             index)
{
  g_autoptr(VarlinkMember) member =
    g_list_model_get_item (varlink_interface_get_members (iface), index);

  g_assert_nonnull (member);

  /* The interface keeps it alive. */
  return member;
}

static char *
field_type_string (VarlinkType *type,
                   const char  *field)
{
  const VarlinkField *f = varlink_type_lookup_field (type, field);

  g_assert_nonnull (f);

  return varlink_type_to_string (varlink_field_get_type (f));
}

/* Same model: names, docs, hints and types (structurally, docs of fields included). */
static void
assert_same_model (VarlinkInterface *a,
                   VarlinkInterface *b)
{
  GListModel *ma = varlink_interface_get_members (a);
  GListModel *mb = varlink_interface_get_members (b);

  g_assert_cmpstr (varlink_interface_get_name (a), ==, varlink_interface_get_name (b));
  g_assert_cmpstr (varlink_interface_get_doc (a), ==, varlink_interface_get_doc (b));
  g_assert_cmpuint (g_list_model_get_n_items (ma), ==, g_list_model_get_n_items (mb));

  for (guint i = 0; i < g_list_model_get_n_items (ma); i++)
    {
      VarlinkMember *x = member_at (a, i);
      VarlinkMember *y = member_at (b, i);

      g_assert_cmpint (varlink_member_get_kind (x), ==, varlink_member_get_kind (y));
      g_assert_cmpstr (varlink_member_get_name (x), ==, varlink_member_get_name (y));
      g_assert_cmpstr (varlink_member_get_doc (x), ==, varlink_member_get_doc (y));
      g_assert_cmpint (varlink_member_get_hints (x), ==, varlink_member_get_hints (y));
      g_assert_true (varlink_type_equal (varlink_member_get_definition (x),
                                         varlink_member_get_definition (y)));
      g_assert_true (varlink_type_equal (varlink_member_get_input (x),
                                         varlink_member_get_input (y)));
      g_assert_true (varlink_type_equal (varlink_member_get_output (x),
                                         varlink_member_get_output (y)));
    }
}

static void
test_all_files_parse (void)
{
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autoptr(GPtrArray) names = list_files (dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *text = read_interface_file (names->pdata[i]);
      g_autoptr(VarlinkInterface) strict = parse_ok (text, VARLINK_PARSE_STRICT);
      g_autoptr(VarlinkInterface) lenient = parse_ok (text, VARLINK_PARSE_LENIENT);
      g_autoptr(GPtrArray) diagnostics = varlink_interface_validate (text, -1, VARLINK_PARSE_STRICT);
      g_autofree char *expected_name = g_strndup (names->pdata[i], strlen (names->pdata[i]) - 8);

      g_test_message ("%s", (char *) names->pdata[i]);
      /* Every real file is valid, without even a warning. */
      g_assert_cmpuint (diagnostics->len, ==, 0);
      g_assert_cmpstr (varlink_interface_get_name (strict), ==, expected_name);
      g_assert_cmpstr (varlink_interface_get_text (strict), ==, text);
      g_assert_cmpuint (g_list_model_get_n_items (varlink_interface_get_members (strict)), >, 0);
      assert_same_model (strict, lenient);
    }
}

static void
test_certification_model (void)
{
  g_autofree char *text = read_interface_file ("org.varlink.certification.varlink");
  g_autoptr(VarlinkInterface) iface = parse_ok (text, VARLINK_PARSE_STRICT);
  GListModel *members = varlink_interface_get_members (iface);
  guint n_types = 0, n_methods = 0, n_errors = 0;
  VarlinkMember *member;
  VarlinkType *type;
  const VarlinkField *field;
  char *s;

  g_assert_cmpstr (varlink_interface_get_name (iface), ==, "org.varlink.certification");
  g_assert_true (g_str_has_prefix (varlink_interface_get_doc (iface),
                                   "Interface to test varlink implementations against.\n"
                                   "First you write a varlink client calling:\n"));
  g_assert_true (g_str_has_suffix (varlink_interface_get_doc (iface),
                                   "your new language bindings should be varlink certified."));
  g_assert_true (g_list_model_get_item_type (members) == VARLINK_TYPE_MEMBER);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 17);

  for (guint i = 0; i < 17; i++)
    {
      switch (varlink_member_get_kind (member_at (iface, i)))
        {
        case VARLINK_MEMBER_KIND_TYPE: n_types++; break;
        case VARLINK_MEMBER_KIND_METHOD: n_methods++; break;
        case VARLINK_MEMBER_KIND_ERROR: n_errors++; break;
        default: g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (n_types, ==, 2);
  g_assert_cmpuint (n_methods, ==, 13);
  g_assert_cmpuint (n_errors, ==, 2);
  g_assert_null (g_list_model_get_item (members, 17));

  /* Declaration order */
  g_assert_cmpstr (varlink_member_get_name (member_at (iface, 0)), ==, "Interface");
  g_assert_cmpstr (varlink_member_get_name (member_at (iface, 2)), ==, "Start");
  g_assert_cmpstr (varlink_member_get_name (member_at (iface, 16)), ==, "CertificationError");

  /* A type */
  member = varlink_interface_lookup (iface, "Interface");
  g_assert_nonnull (member);
  g_assert_cmpint (varlink_member_get_kind (member), ==, VARLINK_MEMBER_KIND_TYPE);
  g_assert_cmpstr (varlink_member_get_full_name (member), ==, "org.varlink.certification.Interface");
  g_assert_null (varlink_member_get_doc (member));
  g_assert_null (varlink_member_get_summary (member));
  g_assert_cmpuint (varlink_member_get_line (member), ==, 14);
  g_assert_cmpuint (varlink_member_get_column (member), ==, 1);
  g_assert_cmpuint (varlink_member_get_end_line (member), ==, 17);
  type = varlink_member_get_definition (member);
  g_assert_true (type == varlink_interface_lookup_type (iface, "Interface"));
  g_assert_cmpint (varlink_type_get_kind (type), ==, VARLINK_TYPE_KIND_STRUCT);
  g_assert_cmpuint (varlink_type_get_n_fields (type), ==, 2);
  field = varlink_type_get_field (type, 0);
  g_assert_cmpstr (varlink_field_get_name (field), ==, "foo");
  g_assert_cmpuint (varlink_field_get_line (field), ==, 15);
  g_assert_cmpuint (varlink_field_get_column (field), ==, 3);
  s = field_type_string (type, "foo");
  g_assert_cmpstr (s, ==, "?[]?[string](foo, bar, baz)");
  g_free (s);
  s = field_type_string (type, "anon");
  g_assert_cmpstr (s, ==, "(foo: bool, bar: bool)");
  g_free (s);
  s = varlink_type_to_string (type);
  g_assert_cmpstr (s, ==, "(foo: ?[]?[string](foo, bar, baz), anon: (foo: bool, bar: bool))");
  g_free (s);

  type = varlink_interface_lookup_type (iface, "MyType");
  g_assert_nonnull (type);
  g_assert_cmpuint (varlink_type_get_n_fields (type), ==, 9);
  s = field_type_string (type, "enum");
  g_assert_cmpstr (s, ==, "(one, two, three)");
  g_free (s);
  s = field_type_string (type, "stringset");
  g_assert_cmpstr (s, ==, "[string]()");
  g_free (s);
  g_assert_true (varlink_type_is_set (varlink_field_get_type (varlink_type_lookup_field (type, "stringset"))));
  g_assert_false (varlink_type_is_set (varlink_field_get_type (varlink_type_lookup_field (type, "dictionary"))));
  s = field_type_string (type, "nullable_array_struct");
  g_assert_cmpstr (s, ==, "?[](first: int, second: string)");
  g_free (s);
  s = field_type_string (type, "interface");
  g_assert_cmpstr (s, ==, "Interface");
  g_free (s);
  g_assert_null (varlink_interface_lookup_type (iface, "Start"));
  g_assert_null (varlink_interface_lookup (iface, "Nothing"));

  /* Methods */
  member = varlink_interface_lookup (iface, "Test05");
  g_assert_cmpint (varlink_member_get_kind (member), ==, VARLINK_MEMBER_KIND_METHOD);
  g_assert_null (varlink_member_get_definition (member));
  g_assert_cmpuint (varlink_member_get_line (member), ==, 41);
  g_assert_cmpuint (varlink_member_get_end_line (member), ==, 46);
  s = varlink_type_to_string (varlink_member_get_input (member));
  g_assert_cmpstr (s, ==, "(client_id: string, string: string)");
  g_free (s);
  s = varlink_type_to_string (varlink_member_get_output (member));
  g_assert_cmpstr (s, ==, "(bool: bool, int: int, float: float, string: string)");
  g_free (s);

  member = varlink_interface_lookup (iface, "Test10");
  g_assert_cmpstr (varlink_member_get_doc (member), ==, "returns more than one reply with \"continues\"");
  g_assert_cmpstr (varlink_member_get_summary (member), ==, "returns more than one reply with \"continues\"");
  g_assert_cmpint (varlink_member_get_hints (member), ==, VARLINK_METHOD_HINT_NONE);
  g_assert_cmpuint (varlink_member_get_line (member), ==, 78);
  g_assert_cmpuint (varlink_member_get_end_line (member), ==, 78);

  /* Errors */
  member = varlink_interface_lookup (iface, "CertificationError");
  g_assert_cmpint (varlink_member_get_kind (member), ==, VARLINK_MEMBER_KIND_ERROR);
  g_assert_cmpuint (varlink_member_get_line (member), ==, 86);
  s = varlink_type_to_string (varlink_member_get_definition (member));
  g_assert_cmpstr (s, ==, "(wants: object, got: object)");
  g_free (s);
  s = varlink_type_to_string (varlink_member_get_definition (varlink_interface_lookup (iface, "ClientIdError")));
  g_assert_cmpstr (s, ==, "()");
  g_free (s);

  /* Properties for list rows */
  {
    g_autofree char *name = NULL;
    g_autofree char *summary = NULL;
    int kind;

    g_object_get (varlink_interface_lookup (iface, "Test10"),
                  "name", &name, "summary", &summary, "kind", &kind, NULL);
    g_assert_cmpstr (name, ==, "Test10");
    g_assert_cmpstr (summary, ==, "returns more than one reply with \"continues\"");
    g_assert_cmpint (kind, ==, VARLINK_MEMBER_KIND_METHOD);
  }
}

static void
test_podman (void)
{
  g_autofree char *text = read_interface_file ("io.podman.varlink");
  g_autoptr(VarlinkInterface) iface = parse_ok (text, VARLINK_PARSE_STRICT);
  VarlinkMember *member;
  VarlinkType *type;
  const VarlinkField *field;

  g_assert_cmpuint (g_list_model_get_n_items (varlink_interface_get_members (iface)), ==, 152);
  g_assert_cmpstr (varlink_interface_get_name (iface), ==, "io.podman");

  /* "created: string, # as RFC3339": a remark after a field documents nothing. */
  type = varlink_interface_lookup_type (iface, "Image");
  field = varlink_type_lookup_field (type, "created");
  g_assert_nonnull (field);
  g_assert_null (varlink_field_get_doc (field));
  g_assert_null (varlink_field_get_doc (varlink_type_lookup_field (type, "size")));
  /* "parseLogType : string" */
  g_assert_nonnull (varlink_type_lookup_field (varlink_interface_lookup_type (iface, "LogLine"),
                                               "parseLogType"));

  member = varlink_interface_lookup (iface, "ContainerChanges");
  g_assert_cmpstr (varlink_member_get_doc (member), ==,
                   "ContainerChanges describes the return struct for ListContainerChanges");
}

static void
test_documentation (void)
{
  const char *text =
    "# The interface.\n"
    "#\n"
    "# Second paragraph.\n"
    "interface org.example.docs\n"
    "\n"
    "# A free comment, separated by a blank line.\n"
    "\n"
    "# First line.\n"
    "#   indented line\n"
    "#no space\n"
    "type Item (\n"
    "  # The identifier.\n"
    "  #[rust_type = \"u8\"]\n"
    "  id: int, # a remark\n"
    "  name: string,\n"
    "\n"
    "  # Two lines\n"
    "  # of doc.\n"
    "  kind: (\n"
    "    # The first.\n"
    "    a,\n"
    "    b\n"
    "  )\n"
    ")\n"
    "\n"
    "# Streams items.\n"
    "# [Requires 'more' flag]\n"
    "method List() -> (item: Item)\n"
    "\n"
    "# [Supports 'more' flag]\n"
    "# [Requires 'upgrade' flag]\n"
    "method Open() -> ()\n"
    "\n"
    "# [Requires 'more' flag]\n"
    "type Other (x: int)\n";
  g_autoptr(VarlinkInterface) iface = parse_ok (text, VARLINK_PARSE_STRICT);
  VarlinkMember *member;
  VarlinkType *type;
  VarlinkType *kind;

  g_assert_cmpstr (varlink_interface_get_doc (iface), ==, "The interface.\n\nSecond paragraph.");

  member = varlink_interface_lookup (iface, "Item");
  g_assert_cmpstr (varlink_member_get_doc (member), ==, "First line.\n  indented line\nno space");
  g_assert_cmpstr (varlink_member_get_summary (member), ==, "First line.");

  type = varlink_member_get_definition (member);
  g_assert_cmpstr (varlink_field_get_doc (varlink_type_lookup_field (type, "id")), ==, "The identifier.");
  g_assert_null (varlink_field_get_doc (varlink_type_lookup_field (type, "name")));
  g_assert_cmpstr (varlink_field_get_doc (varlink_type_lookup_field (type, "kind")), ==, "Two lines\nof doc.");
  kind = varlink_field_get_type (varlink_type_lookup_field (type, "kind"));
  g_assert_cmpint (varlink_type_get_kind (kind), ==, VARLINK_TYPE_KIND_ENUM);
  g_assert_cmpstr (varlink_field_get_doc (varlink_type_get_field (kind, 0)), ==, "The first.");
  g_assert_null (varlink_field_get_type (varlink_type_get_field (kind, 0)));
  g_assert_cmpuint (varlink_field_get_line (varlink_type_get_field (kind, 1)), ==, 22);
  g_assert_cmpuint (varlink_field_get_column (varlink_type_get_field (kind, 1)), ==, 5);

  member = varlink_interface_lookup (iface, "List");
  g_assert_cmpstr (varlink_member_get_doc (member), ==, "Streams items.");
  g_assert_cmpint (varlink_member_get_hints (member), ==, VARLINK_METHOD_HINT_REQUIRES_MORE);

  member = varlink_interface_lookup (iface, "Open");
  g_assert_null (varlink_member_get_doc (member));
  g_assert_cmpint (varlink_member_get_hints (member), ==,
                   VARLINK_METHOD_HINT_SUPPORTS_MORE | VARLINK_METHOD_HINT_REQUIRES_UPGRADE);

  /* Hints belong to methods only; elsewhere the line stays text. */
  member = varlink_interface_lookup (iface, "Other");
  g_assert_cmpstr (varlink_member_get_doc (member), ==, "[Requires 'more' flag]");
  g_assert_cmpint (varlink_member_get_hints (member), ==, VARLINK_METHOD_HINT_NONE);
}

static void
test_grammar_details (void)
{
  g_autoptr(VarlinkInterface) iface = NULL;
  g_autofree char *complex = read_interface_file ("org.example.complex.varlink");
  VarlinkType *type;
  char *s;

  /* Keywords as field names and enum values. */
  iface = parse_ok (complex, VARLINK_PARSE_STRICT);
  s = varlink_type_to_string (varlink_member_get_definition (varlink_interface_lookup (iface, "ErrorFoo")));
  g_assert_true (strstr (s, "bar: (type, enum, int, bool, string, if, let)") != NULL);
  g_free (s);
  type = varlink_interface_lookup_type (iface, "TypeFoo");
  s = field_type_string (type, "enum");
  g_assert_cmpstr (s, ==, "?[string]?(foo, bar, baz)");
  g_free (s);
  s = field_type_string (type, "type");
  g_assert_cmpstr (s, ==, "?TypeEnum");
  g_free (s);
  g_clear_object (&iface);

  /* any, whitespace inside types, no line break at the end. */
  iface = parse_ok ("interface org.example.any\n"
                    "type T (a: any, b: ?any, c: [] ? [string] int, d: ()) # remark\n"
                    "method M ( x : T ) -> ( )", VARLINK_PARSE_STRICT);
  s = varlink_type_to_string (varlink_interface_lookup_type (iface, "T"));
  g_assert_cmpstr (s, ==, "(a: any, b: ?any, c: []?[string]int, d: ())");
  g_free (s);
  g_clear_object (&iface);

  /* CRLF and lone CR line breaks, Unicode whitespace and line separators. */
  iface = parse_ok ("# Doc\r\ninterface org.example.crlf\r\n\r\n# A\r\nmethod A() -> ()\r"
                    "method\xc2\xa0" "B() -> ()\xe2\x80\xa8" "error C ()",
                    VARLINK_PARSE_STRICT);
  g_assert_cmpstr (varlink_interface_get_doc (iface), ==, "Doc");
  g_assert_cmpstr (varlink_member_get_doc (varlink_interface_lookup (iface, "A")), ==, "A");
  g_assert_cmpuint (varlink_member_get_line (varlink_interface_lookup (iface, "A")), ==, 5);
  g_assert_cmpuint (varlink_member_get_line (varlink_interface_lookup (iface, "B")), ==, 6);
  g_assert_cmpuint (varlink_member_get_line (varlink_interface_lookup (iface, "C")), ==, 7);
  g_clear_object (&iface);

  /* Columns count characters: a no-break space is two bytes and one column. */
  assert_parse_error ("interface org.example.col\ntype T (a:\xc2\xa0\xc2\xa0" "bad)\n",
                      VARLINK_PARSE_STRICT,
                      "2:13: Unknown type “bad”: the types are bool, int, float, string, object, "
                      "any, and names of declared types, which start with an uppercase letter.");
  assert_parse_error ("interface org.example.col\n# caf\xc3\xa9\ntype T (a: \xff)\n",
                      VARLINK_PARSE_STRICT, "3:12: The text is not valid UTF-8.");
  assert_parse_error ("interface org.example.col\n# caf\xff\ntype T ()\n",
                      VARLINK_PARSE_STRICT, "2:6: The text is not valid UTF-8.");
  {
    /* A NUL byte cannot be part of the documentation (found by fuzzing). */
    static const char with_nul[] = "interface org.example.x\n# a\0b\nmethod A() -> ()\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(VarlinkInterface) iface_nul =
      varlink_interface_new_from_string (with_nul, sizeof with_nul - 1, VARLINK_PARSE_STRICT, &error);

    g_assert_null (iface_nul);
    g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "2:4: The text contains a NUL byte.");
  }
  assert_parse_error ("interface org.example.x\nmethod\x0b" "A() -> ()\n",
                      VARLINK_PARSE_STRICT, "2:7: Unexpected control character (code 11).");
}

static void
test_invalid_files (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "invalid", NULL);
  g_autoptr(GPtrArray) names = list_files (dir);

  g_assert_cmpuint (names->len, >=, 20);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_auto(GStrv) lines = NULL;
      const char *expected;
      gboolean lenient_ok;
      VarlinkDiagnostic *first;
      g_autofree char *first_text = NULL;

      g_test_message ("%s", (char *) names->pdata[i]);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (text, "\n", 3);
      g_assert_true (g_str_has_prefix (lines[0], "# error: "));
      expected = lines[0] + strlen ("# error: ");
      lenient_ok = lines[1] != NULL && strcmp (lines[1], "# lenient: accepted") == 0;

      assert_parse_error (text, VARLINK_PARSE_STRICT, expected);

      /* validate reports the same problem first. */
      diagnostics = varlink_interface_validate (text, -1, VARLINK_PARSE_STRICT);
      g_assert_cmpuint (diagnostics->len, >=, 1);
      first = g_ptr_array_index (diagnostics, 0);
      g_assert_false (first->warning);
      first_text = g_strdup_printf ("%u:%u: %s", first->line, first->column, first->message);
      g_assert_cmpstr (first_text, ==, expected);

      if (lenient_ok)
        {
          g_autoptr(VarlinkInterface) iface = parse_ok (text, VARLINK_PARSE_LENIENT);
        }
      else
        assert_parse_error (text, VARLINK_PARSE_LENIENT, expected);
    }
}

static void
test_validate_all_problems (void)
{
  const char *text =
    "interface org.example.many\n"
    "\n"
    "type Empty ()\n"
    "type a (x: int)\n"
    "method Get(id: Missing, id: int) -> (e: Empty)\n"
    "method Get() -> ()\n"
    "error Broken (x: Other)\n";
  g_autoptr(GPtrArray) strict = varlink_interface_validate (text, -1, VARLINK_PARSE_STRICT);
  g_autoptr(GPtrArray) lenient = varlink_interface_validate (text, -1, VARLINK_PARSE_LENIENT);
  static const struct {
    guint line, column;
    gboolean warning;
    const char *start;
  } expected[] = {
    { 3, 12, TRUE, "The type “Empty” is empty" },
    { 4, 6, FALSE, "“a”: type names start with an uppercase letter" },
    { 5, 16, FALSE, "Unknown type “Missing”" },
    { 5, 25, FALSE, "The field “id” is declared twice (first on line 5)" },
    { 6, 8, FALSE, "“Get” is declared twice (first on line 5)" },
    { 7, 18, FALSE, "Unknown type “Other”" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInterface) iface = NULL;

  g_assert_cmpuint (strict->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < strict->len; i++)
    {
      VarlinkDiagnostic *d = g_ptr_array_index (strict, i);

      g_test_message ("%u:%u: %s", d->line, d->column, d->message);
      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpuint (d->column, ==, expected[i].column);
      g_assert_cmpint (d->warning, ==, expected[i].warning);
      g_assert_true (g_str_has_prefix (d->message, expected[i].start));
    }

  /* Lenient: no warning for the empty type, no unknown types; the rest stays. */
  g_assert_cmpuint (lenient->len, ==, 3);

  /* new_from_string gives the first error, not the warning before it. */
  iface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_STRICT, &error);
  g_assert_null (iface);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "4:6: “a”: type names"));
}

static void
test_validate_recovers (void)
{
  const char *text =
    "interface org.example.broken\n"
    "\n"
    "method A(x int) -> ()\n"
    "type B (y: ??int)\n"
    "method C() -> (z: Nope)\n";
  g_autoptr(GPtrArray) diagnostics = varlink_interface_validate (text, -1, VARLINK_PARSE_STRICT);

  /* A syntax error in one declaration does not hide the problems of the next ones. */
  g_assert_cmpuint (diagnostics->len, ==, 3);
  g_assert_cmpuint (((VarlinkDiagnostic *) diagnostics->pdata[0])->line, ==, 3);
  g_assert_cmpuint (((VarlinkDiagnostic *) diagnostics->pdata[1])->line, ==, 4);
  g_assert_cmpuint (((VarlinkDiagnostic *) diagnostics->pdata[2])->line, ==, 5);
}

static void
test_strict_lenient (void)
{
  const char *empty_type = "interface org.example.empty\ntype Nothing ()\nmethod M(n: Nothing) -> ()\n";
  const char *undefined = "interface org.example.undefined\nmethod M(n: Elsewhere) -> ()\n";
  g_autoptr(VarlinkInterface) a = parse_ok (empty_type, VARLINK_PARSE_STRICT);
  g_autoptr(VarlinkInterface) b = parse_ok (undefined, VARLINK_PARSE_LENIENT);
  g_autoptr(GPtrArray) warnings = varlink_interface_validate (empty_type, -1, VARLINK_PARSE_STRICT);
  g_autoptr(GPtrArray) none = varlink_interface_validate (empty_type, -1, VARLINK_PARSE_LENIENT);
  VarlinkType *input;
  const VarlinkType *resolved;

  /* "type Foo ()": a warning (systemd refuses it), not an error. */
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (((VarlinkDiagnostic *) warnings->pdata[0])->warning);
  g_assert_true (strstr (((VarlinkDiagnostic *) warnings->pdata[0])->message, "systemd") != NULL);
  g_assert_cmpuint (none->len, ==, 0);

  /* An undefined name is kept unresolved. */
  input = varlink_member_get_input (varlink_interface_lookup (b, "M"));
  resolved = varlink_type_resolve (varlink_field_get_type (varlink_type_get_field (input, 0)), b);
  g_assert_cmpint (varlink_type_get_kind (resolved), ==, VARLINK_TYPE_KIND_NAMED);
  g_assert_cmpstr (varlink_type_get_name (resolved), ==, "Elsewhere");
}

static void
test_deep_nesting (void)
{
  GString *text = g_string_new ("interface org.example.deep\ntype T ");
  g_autoptr(GPtrArray) diagnostics = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "(a: ");
  g_string_append (text, "int");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, ")");

  diagnostics = varlink_interface_validate (text->str, text->len, VARLINK_PARSE_LENIENT);
  g_assert_cmpuint (diagnostics->len, ==, 1);
  g_assert_true (strstr (((VarlinkDiagnostic *) diagnostics->pdata[0])->message, "nests too deeply") != NULL);
  g_string_free (text, TRUE);

  text = g_string_new ("interface org.example.deep\ntype T (a: ");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[]?");
  g_string_append (text, "int)\n");
  g_clear_pointer (&diagnostics, g_ptr_array_unref);
  diagnostics = varlink_interface_validate (text->str, text->len, VARLINK_PARSE_LENIENT);
  g_assert_cmpuint (diagnostics->len, ==, 1);
  g_string_free (text, TRUE);
}

static void
test_format_round_trip (void)
{
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autoptr(GPtrArray) names = list_files (dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *text = read_interface_file (names->pdata[i]);
      g_autoptr(VarlinkInterface) first = parse_ok (text, VARLINK_PARSE_STRICT);
      g_autofree char *formatted = varlink_interface_format (first);
      g_autoptr(VarlinkInterface) second = parse_ok (formatted, VARLINK_PARSE_STRICT);
      g_autofree char *again = varlink_interface_format (second);

      g_test_message ("%s", (char *) names->pdata[i]);
      assert_same_model (first, second);
      g_assert_cmpstr (formatted, ==, again);

      /* Two-space indentation, no tabs or trailing spaces, a blank line between members. */
      g_assert_null (strchr (formatted, '\t'));
      g_assert_null (strstr (formatted, " \n"));
      g_assert_null (strstr (formatted, "\n\n\n"));
      g_assert_true (g_str_has_suffix (formatted, ")\n"));
    }
}

static void
test_format_layout (void)
{
  const char *text =
    "# Doc\n"
    "interface org.example.fmt\n"
    "type Short (a:int,b:?string)\n"
    "type Long (first_field_name: string, second_field_name: int, third: [string](x, y, z))\n"
    "type Documented (\n"
    "  # About a.\n"
    "  a: int\n"
    ")\n"
    "# Streams.\n"
    "# [Requires 'more' flag]\n"
    "method Watch(since:int)->(event:(kind:(added,removed),id:int))\n"
    "error Failed ()\n";
  g_autoptr(VarlinkInterface) iface = parse_ok (text, VARLINK_PARSE_STRICT);
  g_autofree char *formatted = varlink_interface_format (iface);
  g_autofree char *watch = varlink_member_format (varlink_interface_lookup (iface, "Watch"));

  g_assert_cmpstr (formatted, ==,
                   "# Doc\n"
                   "interface org.example.fmt\n"
                   "\n"
                   "type Short (a: int, b: ?string)\n"
                   "\n"
                   "type Long (\n"
                   "  first_field_name: string,\n"
                   "  second_field_name: int,\n"
                   "  third: [string](x, y, z)\n"
                   ")\n"
                   "\n"
                   "type Documented (\n"
                   "  # About a.\n"
                   "  a: int\n"
                   ")\n"
                   "\n"
                   "# Streams.\n"
                   "# [Requires 'more' flag]\n"
                   "method Watch(since: int) -> (event: (kind: (added, removed), id: int))\n"
                   "\n"
                   "error Failed ()\n");
  g_assert_cmpstr (watch, ==,
                   "# Streams.\n"
                   "# [Requires 'more' flag]\n"
                   "method Watch(since: int) -> (event: (kind: (added, removed), id: int))\n");
}

static void
test_large_interface (void)
{
  GString *text = g_string_new ("interface org.example.large\n");
  g_autoptr(VarlinkInterface) iface = NULL;
  guint n = 0;

  /* About a megabyte, parsed in one go: no quadratic behaviour in the number of members. */
  while (text->len < 1024 * 1024)
    {
      g_string_append_printf (text,
                              "\n# Type number %u.\n"
                              "type T%u (\n"
                              "  # Its identifier.\n"
                              "  id: int,\n"
                              "  name: ?string,\n"
                              "  tags: [string](),\n"
                              "  next: ?T%u\n"
                              ")\n"
                              "\n"
                              "method M%u(t: T%u, flags: [](a, b, c)) -> (ok: bool)\n",
                              n, n, n, n, n);
      n++;
    }

  iface = parse_ok (text->str, VARLINK_PARSE_STRICT);
  g_assert_cmpuint (g_list_model_get_n_items (varlink_interface_get_members (iface)), ==, 2 * n);
  g_assert_nonnull (varlink_interface_lookup_type (iface, "T0"));
  g_assert_nonnull (varlink_interface_lookup (iface, "M1000"));
  g_string_free (text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interface/all-files-parse", test_all_files_parse);
  g_test_add_func ("/interface/certification-model", test_certification_model);
  g_test_add_func ("/interface/podman", test_podman);
  g_test_add_func ("/interface/documentation", test_documentation);
  g_test_add_func ("/interface/grammar-details", test_grammar_details);
  g_test_add_func ("/interface/invalid-files", test_invalid_files);
  g_test_add_func ("/interface/validate-all-problems", test_validate_all_problems);
  g_test_add_func ("/interface/validate-recovers", test_validate_recovers);
  g_test_add_func ("/interface/strict-lenient", test_strict_lenient);
  g_test_add_func ("/interface/deep-nesting", test_deep_nesting);
  g_test_add_func ("/interface/format-round-trip", test_format_round_trip);
  g_test_add_func ("/interface/format-layout", test_format_layout);
  g_test_add_func ("/interface/large", test_large_interface);

  return g_test_run ();
}
