/* test-type.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "varlink-error.h"
#include "varlink-interface.h"

static VarlinkInterface *
load_interface (const char *name)
{
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  VarlinkInterface *iface;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  iface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_STRICT, &error);
  g_assert_no_error (error);

  return iface;
}

static VarlinkInterface *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  VarlinkInterface *iface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_LENIENT, &error);

  g_assert_no_error (error);

  return iface;
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);

  return node;
}

static void
assert_valid (const VarlinkType *type,
              VarlinkInterface  *iface,
              const char        *value,
              VarlinkCheckFlags  flags)
{
  g_autoptr(JsonNode) node = value != NULL ? json (value) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!varlink_type_check (type, iface, node, flags, &path, &error))
    g_error ("%s should be valid: %s", value, error->message);
  g_assert_null (path);
}

/* message is the whole error message; path what out_path gets. */
static void
assert_invalid (const VarlinkType *type,
                VarlinkInterface  *iface,
                const char        *value,
                VarlinkCheckFlags  flags,
                const char        *message,
                const char        *path)
{
  g_autoptr(JsonNode) node = value != NULL ? json (value) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;

  g_assert_false (varlink_type_check (type, iface, node, flags, &out_path, &error));
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (out_path, ==, path);
}

static void
test_to_string (void)
{
  g_autoptr(VarlinkInterface) iface =
    parse ("interface org.example.t\n"
           "type T (a: ?[]string, b: ?(x, y), c: [string](), d: [string]?[]T, e: any, f: object, "
           "g: float, h: bool, i: (), j: ?any)\n");
  VarlinkType *type = varlink_interface_lookup_type (iface, "T");
  static const char * const expected[] = {
    "?[]string", "?(x, y)", "[string]()", "[string]?[]T", "any", "object",
    "float", "bool", "()", "?any",
  };
  VarlinkType *element;

  g_assert_cmpuint (varlink_type_get_n_fields (type), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *s = varlink_type_to_string (varlink_field_get_type (varlink_type_get_field (type, i)));
      g_assert_cmpstr (s, ==, expected[i]);
    }

  element = varlink_field_get_type (varlink_type_lookup_field (type, "d"));
  g_assert_cmpint (varlink_type_get_kind (element), ==, VARLINK_TYPE_KIND_MAP);
  element = varlink_type_get_element (element);
  g_assert_cmpint (varlink_type_get_kind (element), ==, VARLINK_TYPE_KIND_NULLABLE);
  element = varlink_type_get_element (element);
  g_assert_cmpint (varlink_type_get_kind (element), ==, VARLINK_TYPE_KIND_ARRAY);
  element = varlink_type_get_element (element);
  g_assert_cmpint (varlink_type_get_kind (element), ==, VARLINK_TYPE_KIND_NAMED);
  g_assert_cmpstr (varlink_type_get_name (element), ==, "T");
  g_assert_true (varlink_type_resolve (element, iface) == type);
  g_assert_true (varlink_type_resolve (element, NULL) == element);
  g_assert_true (varlink_type_resolve (type, iface) == type);

  g_assert_null (varlink_type_lookup_field (type, "zz"));
  g_assert_true (g_type_is_a (VARLINK_TYPE_TYPE, G_TYPE_BOXED));

  /* Reference counting of shared and allocated types. */
  varlink_type_unref (varlink_type_ref (type));
  varlink_type_unref (varlink_type_ref (varlink_field_get_type (varlink_type_get_field (type, 7))));
}

static const char *good_mytype =
  "{"
  "  \"object\": {\"anything\": [1, 2]},"
  "  \"enum\": \"two\","
  "  \"struct\": {\"first\": 1, \"second\": \"2\"},"
  "  \"array\": [\"a\", \"b\"],"
  "  \"dictionary\": {\"k\": \"v\"},"
  "  \"stringset\": {\"one\": {}, \"two\": {}},"
  "  \"nullable\": null,"
  "  \"nullable_array_struct\": [{\"first\": 3, \"second\": \"x\"}],"
  "  \"interface\": {"
  "    \"foo\": [{\"a\": \"foo\"}, null, {\"b\": \"bar\", \"c\": \"baz\"}],"
  "    \"anon\": {\"foo\": true, \"bar\": false}"
  "  }"
  "}";

/* good_mytype with one part replaced: the JSON text of MyType at path changed by the edit. */
static char *
mytype_with (const char *from,
             const char *to)
{
  const char *at = strstr (good_mytype, from);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (good_mytype, at - good_mytype);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));

  return g_string_free (s, FALSE);
}

static void
check_test10 (VarlinkInterface *iface,
              const char       *mytype,
              const char       *message,
              const char       *path)
{
  VarlinkType *input = varlink_member_get_input (varlink_interface_lookup (iface, "Test10"));
  g_autofree char *value = g_strdup_printf ("{\"client_id\": \"c\", \"mytype\": %s}", mytype);

  if (message == NULL)
    assert_valid (input, iface, value, VARLINK_CHECK_NONE);
  else
    assert_invalid (input, iface, value, VARLINK_CHECK_NONE, message, path);
}

static void
test_check_certification (void)
{
  g_autoptr(VarlinkInterface) iface = load_interface ("org.varlink.certification.varlink");
  VarlinkType *mytype = varlink_interface_lookup_type (iface, "MyType");
  char *v;

  assert_valid (mytype, iface, good_mytype, VARLINK_CHECK_NONE);
  check_test10 (iface, good_mytype, NULL, NULL);

  /* Nullable fields may be absent. */
  v = mytype_with ("  \"nullable\": null,", "");
  check_test10 (iface, v, NULL, NULL);
  g_free (v);

  v = mytype_with ("{\"a\": \"foo\"}, null", "{\"a\": \"foo\"}, {\"x\": \"qux\"}");
  check_test10 (iface, v,
                "mytype.interface.foo[1][\"x\"]: expected one of (foo, bar, baz), got \"qux\"",
                "mytype.interface.foo[1][\"x\"]");
  g_free (v);

  v = mytype_with ("{\"a\": \"foo\"}, null", "{\"a\": \"foo\"}, \"qux\"");
  check_test10 (iface, v,
                "mytype.interface.foo[1]: expected an object (a map), got \"qux\"",
                "mytype.interface.foo[1]");
  g_free (v);

  v = mytype_with ("{\"foo\": true, \"bar\": false}", "{\"foo\": true}");
  check_test10 (iface, v,
                "mytype.interface.anon: missing required field “bar”",
                "mytype.interface.anon.bar");
  g_free (v);

  v = mytype_with ("{\"foo\": true, \"bar\": false}", "{\"foo\": true, \"bar\": null}");
  check_test10 (iface, v,
                "mytype.interface.anon.bar: a value is required here; only a nullable type (“?”) accepts null",
                "mytype.interface.anon.bar");
  g_free (v);

  v = mytype_with ("{\"k\": \"v\"}", "{\"k\": \"v\", \"we\\\"ird\": 5}");
  check_test10 (iface, v,
                "mytype.dictionary[\"we\\\"ird\"]: expected a string, got 5",
                "mytype.dictionary[\"we\\\"ird\"]");
  g_free (v);

  v = mytype_with ("\"two\": {}", "\"two\": {\"x\": 1}");
  check_test10 (iface, v,
                "mytype.stringset[\"two\"]: unknown field “x”",
                "mytype.stringset[\"two\"].x");
  g_free (v);

  v = mytype_with ("\"enum\": \"two\"", "\"enum\": \"four\"");
  check_test10 (iface, v,
                "mytype.enum: expected one of (one, two, three), got \"four\"",
                "mytype.enum");
  g_free (v);

  v = mytype_with ("\"first\": 1,", "\"first\": 1.0,");
  check_test10 (iface, v,
                "mytype.struct.first: expected an integer, got 1.0",
                "mytype.struct.first");
  g_free (v);

  v = mytype_with ("\"array\": [\"a\", \"b\"]", "\"array\": [\"a\", 2]");
  check_test10 (iface, v, "mytype.array[1]: expected a string, got 2", "mytype.array[1]");
  g_free (v);

  v = mytype_with ("\"object\": {\"anything\": [1, 2]}", "\"object\": [1, 2]");
  check_test10 (iface, v, "mytype.object: expected an object, got [1,2]", "mytype.object");
  g_free (v);

  v = mytype_with ("\"enum\": \"two\",", "\"enum\": \"two\", \"extra\": 1,");
  check_test10 (iface, v, "mytype: unknown field “extra”", "mytype.extra");
  g_free (v);

  /* Unknown fields are fine when asked for. */
  v = mytype_with ("\"enum\": \"two\",", "\"enum\": \"two\", \"extra\": 1,");
  assert_valid (mytype, iface, v, VARLINK_CHECK_ALLOW_UNKNOWN_FIELDS);
  g_free (v);

  /* At the root: no path prefix. */
  assert_invalid (mytype, iface, "[]", VARLINK_CHECK_NONE, "expected an object, got []", "");
  assert_invalid (varlink_member_get_input (varlink_interface_lookup (iface, "Test01")), iface,
                  "{}", VARLINK_CHECK_NONE, "missing required field “client_id”", "client_id");
  assert_invalid (varlink_member_get_input (varlink_interface_lookup (iface, "Start")), iface,
                  "{\"x\": 1}", VARLINK_CHECK_NONE, "unknown field “x”", "x");
  assert_valid (varlink_member_get_input (varlink_interface_lookup (iface, "Start")), iface,
                "{}", VARLINK_CHECK_NONE);
  /* An absent struct is absent, even one whose fields are all optional. */
  assert_invalid (varlink_member_get_input (varlink_interface_lookup (iface, "Start")), iface,
                  NULL, VARLINK_CHECK_NONE,
                  "a value is required here; only a nullable type (“?”) accepts null", "");

  /* No out_path and no error are fine too. */
  {
    g_autoptr(JsonNode) node = json ("{}");
    g_assert_false (varlink_type_check (mytype, iface, node, VARLINK_CHECK_NONE, NULL, NULL));
  }
}

static void
test_check_scalars (void)
{
  g_autoptr(VarlinkInterface) iface =
    parse ("interface org.example.s\n"
           "type T (i: int, f: float, s: string, b: bool, o: object, a: any, n: ?int, na: ?any, u: Unknown)\n");
  VarlinkType *t = varlink_interface_lookup_type (iface, "T");
  const VarlinkType *i = varlink_field_get_type (varlink_type_lookup_field (t, "i"));
  const VarlinkType *f = varlink_field_get_type (varlink_type_lookup_field (t, "f"));
  const VarlinkType *s = varlink_field_get_type (varlink_type_lookup_field (t, "s"));
  const VarlinkType *b = varlink_field_get_type (varlink_type_lookup_field (t, "b"));
  const VarlinkType *o = varlink_field_get_type (varlink_type_lookup_field (t, "o"));
  const VarlinkType *a = varlink_field_get_type (varlink_type_lookup_field (t, "a"));
  const VarlinkType *n = varlink_field_get_type (varlink_type_lookup_field (t, "n"));
  const VarlinkType *na = varlink_field_get_type (varlink_type_lookup_field (t, "na"));
  const VarlinkType *u = varlink_field_get_type (varlink_type_lookup_field (t, "u"));

  assert_valid (i, iface, "-42", 0);
  assert_valid (i, iface, "9223372036854775807", 0);
  assert_invalid (i, iface, "1.0", 0, "expected an integer, got 1.0", "");
  assert_invalid (i, iface, "1e3", 0, "expected an integer, got 1000.0", "");
  assert_invalid (i, iface, "\"1\"", 0, "expected an integer, got \"1\"", "");
  assert_invalid (i, iface, "true", 0, "expected an integer, got true", "");
  assert_valid (f, iface, "1", 0);
  assert_valid (f, iface, "3.141592653589793", 0);
  assert_invalid (f, iface, "\"pi\"", 0, "expected a number, got \"pi\"", "");
  assert_valid (s, iface, "\"\"", 0);
  assert_invalid (s, iface, "{}", 0, "expected a string, got {}", "");
  assert_valid (b, iface, "false", 0);
  assert_invalid (b, iface, "0", 0, "expected a boolean, got 0", "");
  assert_valid (o, iface, "{\"x\": [null]}", 0);
  assert_invalid (o, iface, "\"{}\"", 0, "expected an object, got \"{}\"", "");

  /* any: every value but null. */
  assert_valid (a, iface, "[1, \"x\", null]", 0);
  assert_valid (a, iface, "0", 0);
  assert_invalid (a, iface, "null", 0, "a value is required here (“any” does not include null)", "");
  assert_invalid (a, iface, NULL, 0, "a value is required here (“any” does not include null)", "");
  assert_valid (na, iface, "null", 0);
  assert_valid (na, iface, NULL, 0);

  /* Nullable: null and absent. */
  assert_valid (n, iface, "null", 0);
  assert_valid (n, iface, NULL, 0);
  assert_valid (n, iface, "5", 0);
  assert_invalid (n, iface, "5.5", 0, "expected an integer, got 5.5", "");
  assert_invalid (i, iface, NULL, 0,
                  "a value is required here; only a nullable type (“?”) accepts null", "");

  /* A name the interface does not declare accepts anything, even a missing field. */
  assert_valid (u, iface, "[1]", 0);
  assert_valid (t, iface,
                "{\"i\": 1, \"f\": 2, \"s\": \"\", \"b\": true, \"o\": {}, \"a\": 1}", 0);

  /* Long values are cut in messages. */
  {
    g_autoptr(JsonNode) node = json ("\"0123456789012345678901234567890123456789012345678901234567890123456789\"");
    g_autoptr(GError) error = NULL;

    g_assert_false (varlink_type_check (i, iface, node, 0, NULL, &error));
    g_assert_true (g_str_has_suffix (error->message, "…"));
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 80);
  }
}

static void
check_example (VarlinkType      *type,
               VarlinkInterface *iface,
               const char       *what)
{
  g_autoptr(JsonNode) example = NULL;
  g_autoptr(GError) error = NULL;

  if (type == NULL)
    return;

  example = varlink_type_example (type, iface);
  g_assert_nonnull (example);
  if (!varlink_type_check (type, iface, example, VARLINK_CHECK_NONE, NULL, &error))
    g_error ("the example of %s is not valid: %s", what, error->message);
}

static void
test_examples_valid (void)
{
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(VarlinkInterface) iface = load_interface (name);
      GListModel *members = varlink_interface_get_members (iface);

      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(VarlinkMember) member = g_list_model_get_item (members, i);
          const char *full = varlink_member_get_full_name (member);

          check_example (varlink_member_get_definition (member), iface, full);
          check_example (varlink_member_get_input (member), iface, full);
          check_example (varlink_member_get_output (member), iface, full);
          checked++;
        }
    }

  g_assert_cmpuint (checked, >, 200);
}

static void
test_examples (void)
{
  g_autoptr(VarlinkInterface) iface =
    parse ("interface org.example.e\n"
           "type Node (value: int, next: ?Node, children: []Node, by_name: [string]Node)\n"
           "type Loop (self: Loop, n: float)\n"
           "type T (a: (x, y), b: ?string, c: any, d: object, e: bool, f: Node, g: [string](), "
           "h: Missing, i: ())\n");
  g_autoptr(JsonNode) node = varlink_type_example (varlink_interface_lookup_type (iface, "T"), iface);
  g_autoptr(JsonNode) loop = varlink_type_example (varlink_interface_lookup_type (iface, "Loop"), iface);
  g_autoptr(JsonNode) expected = json ("{\"a\": \"x\", \"b\": null, \"c\": {}, \"d\": {}, \"e\": false,"
                                       " \"f\": {\"value\": 0, \"next\": null, \"children\": [],"
                                       " \"by_name\": {}}, \"g\": {}, \"h\": null, \"i\": {}}");
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *loop_text = json_to_string (loop, FALSE);

  g_test_message ("%s", text);
  g_assert_true (json_node_equal (node, expected));

  /* A type that requires itself has no finite value: the example stops with null. */
  g_assert_cmpstr (loop_text, ==, "{\"self\":null,\"n\":0.0}");

  /* Without an interface, names stay unknown. */
  {
    g_autoptr(JsonNode) alone = varlink_type_example (varlink_interface_lookup_type (iface, "Node"), NULL);
    g_autofree char *alone_text = json_to_string (alone, FALSE);

    g_assert_cmpstr (alone_text, ==, "{\"value\":0,\"next\":null,\"children\":[],\"by_name\":{}}");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/type/to-string", test_to_string);
  g_test_add_func ("/type/check-certification", test_check_certification);
  g_test_add_func ("/type/check-scalars", test_check_scalars);
  g_test_add_func ("/type/examples-valid", test_examples_valid);
  g_test_add_func ("/type/examples", test_examples);

  return g_test_run ();
}
