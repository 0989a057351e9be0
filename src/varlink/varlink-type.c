/* varlink-type.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "varlink-error.h"
#include "varlink-interface.h"
#include "varlink-type-private.h"

G_DEFINE_BOXED_TYPE (VarlinkType, varlink_type, varlink_type_ref, varlink_type_unref)

/* Primitive types carry no data, so one shared instance of each saves an allocation per
 * field when parsing large descriptions. */
#define STATIC_TYPE(k) { 1, k, TRUE, 0, NULL, NULL, NULL }
static VarlinkType static_types[] = {
  [VARLINK_TYPE_KIND_BOOL] = STATIC_TYPE (VARLINK_TYPE_KIND_BOOL),
  [VARLINK_TYPE_KIND_INT] = STATIC_TYPE (VARLINK_TYPE_KIND_INT),
  [VARLINK_TYPE_KIND_FLOAT] = STATIC_TYPE (VARLINK_TYPE_KIND_FLOAT),
  [VARLINK_TYPE_KIND_STRING] = STATIC_TYPE (VARLINK_TYPE_KIND_STRING),
  [VARLINK_TYPE_KIND_OBJECT] = STATIC_TYPE (VARLINK_TYPE_KIND_OBJECT),
  [VARLINK_TYPE_KIND_ANY] = STATIC_TYPE (VARLINK_TYPE_KIND_ANY),
};
#undef STATIC_TYPE

/* The same for "[]T", "[string]T" and "?T" of each primitive T: "[]string" and "?int" are
 * in almost every interface. */
#define CONTAINERS_OF(k) \
  { 1, VARLINK_TYPE_KIND_ARRAY, TRUE, 0, &static_types[k], NULL, NULL }, \
  { 1, VARLINK_TYPE_KIND_MAP, TRUE, 0, &static_types[k], NULL, NULL }, \
  { 1, VARLINK_TYPE_KIND_NULLABLE, TRUE, 0, &static_types[k], NULL, NULL }
static VarlinkType static_containers[] = {
  CONTAINERS_OF (VARLINK_TYPE_KIND_BOOL),
  CONTAINERS_OF (VARLINK_TYPE_KIND_INT),
  CONTAINERS_OF (VARLINK_TYPE_KIND_FLOAT),
  CONTAINERS_OF (VARLINK_TYPE_KIND_STRING),
  CONTAINERS_OF (VARLINK_TYPE_KIND_OBJECT),
  CONTAINERS_OF (VARLINK_TYPE_KIND_ANY),
};
#undef CONTAINERS_OF

VarlinkType *
varlink_type_ref (VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->is_static)
    g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
varlink_type_unref (VarlinkType *self)
{
  g_return_if_fail (self != NULL);

  if (self->is_static || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->element, varlink_type_unref);
  for (guint i = 0; i < self->n_fields; i++)
    {
      g_clear_pointer (&self->fields[i].type, varlink_type_unref);
      g_free (self->fields[i].doc);
    }
  g_free (self);
}

static VarlinkType *
type_alloc (VarlinkTypeKind kind,
            gsize           size)
{
  VarlinkType *self = g_malloc (size);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->is_static = FALSE;
  self->n_fields = 0;
  self->element = NULL;
  self->name = NULL;
  self->fields = NULL;

  return self;
}

VarlinkType *
varlink_type_new_primitive (VarlinkTypeKind kind)
{
  g_return_val_if_fail (kind <= VARLINK_TYPE_KIND_ANY, NULL);

  return &static_types[kind];
}

VarlinkType *
varlink_type_new_container (VarlinkTypeKind  kind,
                            VarlinkType     *element)
{
  VarlinkType *self;

  g_return_val_if_fail (kind == VARLINK_TYPE_KIND_ARRAY ||
                        kind == VARLINK_TYPE_KIND_MAP ||
                        kind == VARLINK_TYPE_KIND_NULLABLE, NULL);
  g_return_val_if_fail (element != NULL, NULL);

  if (element->is_static && element->kind <= VARLINK_TYPE_KIND_ANY)
    {
      guint offset = kind == VARLINK_TYPE_KIND_ARRAY ? 0 : kind == VARLINK_TYPE_KIND_MAP ? 1 : 2;

      return &static_containers[element->kind * 3 + offset];
    }

  self = type_alloc (kind, sizeof (VarlinkType));
  self->element = element;

  return self;
}

VarlinkType *
varlink_type_new_named (const char *name,
                        gsize       length)
{
  VarlinkType *self;
  char *copy;

  self = type_alloc (VARLINK_TYPE_KIND_NAMED, sizeof (VarlinkType) + length + 1);
  copy = (char *) (self + 1);
  memcpy (copy, name, length);
  copy[length] = '\0';
  self->name = copy;

  return self;
}

VarlinkType *
varlink_type_new_fields (VarlinkTypeKind         kind,
                         const VarlinkFieldSpec *specs,
                         guint                   n_specs)
{
  VarlinkType *self;
  gsize size;
  char *names;

  g_return_val_if_fail (kind == VARLINK_TYPE_KIND_STRUCT || kind == VARLINK_TYPE_KIND_ENUM, NULL);

  /* One allocation holds the type, its fields and their names. */
  size = sizeof (VarlinkType) + n_specs * sizeof (VarlinkField);
  for (guint i = 0; i < n_specs; i++)
    size += specs[i].name_len + 1;

  self = type_alloc (kind, size);
  self->n_fields = n_specs;
  self->fields = (VarlinkField *) (self + 1);
  names = (char *) &self->fields[n_specs];

  for (guint i = 0; i < n_specs; i++)
    {
      VarlinkField *field = &self->fields[i];

      memcpy (names, specs[i].name, specs[i].name_len);
      names[specs[i].name_len] = '\0';
      field->name = names;
      names += specs[i].name_len + 1;
      field->type = specs[i].type;
      field->doc = specs[i].doc;
      field->line = specs[i].line;
      field->column = specs[i].column;
    }

  return self;
}

VarlinkTypeKind
varlink_type_get_kind (const VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, VARLINK_TYPE_KIND_ANY);

  return self->kind;
}

VarlinkType *
varlink_type_get_element (const VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->element;
}

const char *
varlink_type_get_name (const VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

guint
varlink_type_get_n_fields (const VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_fields;
}

const VarlinkField *
varlink_type_get_field (const VarlinkType *self,
                        guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_fields, NULL);

  return &self->fields[index];
}

const VarlinkField *
varlink_type_lookup_field (const VarlinkType *self,
                           const char        *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->n_fields; i++)
    {
      if (strcmp (self->fields[i].name, name) == 0)
        return &self->fields[i];
    }

  return NULL;
}

gboolean
varlink_type_is_set (const VarlinkType *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind == VARLINK_TYPE_KIND_MAP &&
         self->element->kind == VARLINK_TYPE_KIND_STRUCT &&
         self->element->n_fields == 0;
}

void
varlink_type_append_string (const VarlinkType *self,
                            GString           *out)
{
  static const char * const keywords[] = {
    [VARLINK_TYPE_KIND_BOOL] = "bool",
    [VARLINK_TYPE_KIND_INT] = "int",
    [VARLINK_TYPE_KIND_FLOAT] = "float",
    [VARLINK_TYPE_KIND_STRING] = "string",
    [VARLINK_TYPE_KIND_OBJECT] = "object",
    [VARLINK_TYPE_KIND_ANY] = "any",
  };

  switch (self->kind)
    {
    case VARLINK_TYPE_KIND_BOOL:
    case VARLINK_TYPE_KIND_INT:
    case VARLINK_TYPE_KIND_FLOAT:
    case VARLINK_TYPE_KIND_STRING:
    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
      g_string_append (out, keywords[self->kind]);
      break;

    case VARLINK_TYPE_KIND_ENUM:
    case VARLINK_TYPE_KIND_STRUCT:
      g_string_append_c (out, '(');
      for (guint i = 0; i < self->n_fields; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, self->fields[i].name);
          if (self->fields[i].type != NULL)
            {
              g_string_append (out, ": ");
              varlink_type_append_string (self->fields[i].type, out);
            }
        }
      g_string_append_c (out, ')');
      break;

    case VARLINK_TYPE_KIND_ARRAY:
      g_string_append (out, "[]");
      varlink_type_append_string (self->element, out);
      break;

    case VARLINK_TYPE_KIND_MAP:
      g_string_append (out, "[string]");
      varlink_type_append_string (self->element, out);
      break;

    case VARLINK_TYPE_KIND_NULLABLE:
      g_string_append_c (out, '?');
      varlink_type_append_string (self->element, out);
      break;

    case VARLINK_TYPE_KIND_NAMED:
      g_string_append (out, self->name);
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
varlink_type_to_string (const VarlinkType *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  varlink_type_append_string (self, out);

  return g_string_free (out, FALSE);
}

gboolean
varlink_type_has_docs (const VarlinkType *self)
{
  if (self->element != NULL)
    return varlink_type_has_docs (self->element);

  for (guint i = 0; i < self->n_fields; i++)
    {
      if (self->fields[i].doc != NULL)
        return TRUE;
      if (self->fields[i].type != NULL && varlink_type_has_docs (self->fields[i].type))
        return TRUE;
    }

  return FALSE;
}

gboolean
varlink_type_equal (const VarlinkType *a,
                    const VarlinkType *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->kind != b->kind || a->n_fields != b->n_fields)
    return FALSE;
  if (g_strcmp0 (a->name, b->name) != 0)
    return FALSE;
  if ((a->element != NULL || b->element != NULL) && !varlink_type_equal (a->element, b->element))
    return FALSE;

  for (guint i = 0; i < a->n_fields; i++)
    {
      if (strcmp (a->fields[i].name, b->fields[i].name) != 0 ||
          g_strcmp0 (a->fields[i].doc, b->fields[i].doc) != 0 ||
          !varlink_type_equal (a->fields[i].type, b->fields[i].type))
        return FALSE;
    }

  return TRUE;
}

const char *
varlink_field_get_name (const VarlinkField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

VarlinkType *
varlink_field_get_type (const VarlinkField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
}

const char *
varlink_field_get_doc (const VarlinkField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->doc;
}

guint
varlink_field_get_line (const VarlinkField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line;
}

guint
varlink_field_get_column (const VarlinkField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->column;
}

const VarlinkType *
varlink_type_resolve (const VarlinkType *self,
                      VarlinkInterface  *interface)
{
  const VarlinkType *definition;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != VARLINK_TYPE_KIND_NAMED || interface == NULL)
    return self;

  /* A declared type is always a struct or an enum, never another name, so one step is
   * enough and recursive types cannot make this loop. */
  definition = varlink_interface_lookup_type (interface, self->name);

  return definition != NULL ? definition : self;
}

/* Checking values */

typedef struct {
  VarlinkInterface  *interface;
  VarlinkCheckFlags  flags;
  GString           *path;
  char              *message;
  char              *error_path;
} Checker;

/* Long values are cut so that an error message stays one readable line. */
static char *
describe_value (JsonNode *value)
{
  g_autofree char *text = NULL;
  const char *end;

  if (value == NULL)
    return g_strdup (_("nothing"));

  text = json_to_string (value, FALSE);
  if (strlen (text) <= 40)
    return g_steal_pointer (&text);

  end = g_utf8_find_prev_char (text, text + 40);
  return g_strdup_printf ("%.*s…", (int) (end - text), text);
}

static gboolean check_value (Checker           *checker,
                             const VarlinkType *type,
                             JsonNode          *value);

static gboolean G_GNUC_PRINTF (3, 4)
check_fail (Checker    *checker,
            JsonNode   *value,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  checker->error_path = g_strdup (checker->path->str);
  if (checker->path->len > 0)
    checker->message = g_strdup_printf ("%s: %s", checker->path->str, what);
  else
    checker->message = g_steal_pointer (&what);

  return FALSE;
}

static gboolean
check_mismatch (Checker    *checker,
                JsonNode   *value,
                const char *expected)
{
  g_autofree char *got = describe_value (value);

  /* TRANSLATORS: the first %s is a kind of value ("an integer"), the second a JSON value. */
  return check_fail (checker, value, _("expected %s, got %s"), expected, got);
}

static void
path_append_field (GString    *path,
                   const char *name)
{
  if (path->len > 0)
    g_string_append_c (path, '.');
  g_string_append (path, name);
}

static void
path_append_key (GString    *path,
                 const char *key)
{
  g_string_append (path, "[\"");
  for (const char *p = key; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (path, '\\');
      g_string_append_c (path, *p);
    }
  g_string_append (path, "\"]");
}

static gboolean
check_struct (Checker           *checker,
              const VarlinkType *type,
              JsonNode          *value)
{
  JsonObject *object;
  gsize path_len = checker->path->len;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return check_mismatch (checker, value, _("an object"));

  object = json_node_get_object (value);

  for (guint i = 0; i < type->n_fields; i++)
    {
      const VarlinkField *field = &type->fields[i];
      JsonNode *member = json_object_get_member (object, field->name);

      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        {
          const VarlinkType *resolved = varlink_type_resolve (field->type, checker->interface);

          if (resolved->kind == VARLINK_TYPE_KIND_NULLABLE || resolved->kind == VARLINK_TYPE_KIND_NAMED)
            continue;

          if (member == NULL)
            {
              g_autofree char *struct_path = g_strdup (checker->path->str);

              /* The message names the struct that lacks the field; the path given back
               * points at the missing field itself, which is what a caller reporting an
               * invalid parameter wants. */
              if (struct_path[0] != '\0')
                checker->message = g_strdup_printf (_("%s: missing required field “%s”"),
                                                    struct_path, field->name);
              else
                checker->message = g_strdup_printf (_("missing required field “%s”"), field->name);
              path_append_field (checker->path, field->name);
              checker->error_path = g_strdup (checker->path->str);
              g_string_truncate (checker->path, path_len);
              return FALSE;
            }
        }

      path_append_field (checker->path, field->name);
      if (!check_value (checker, field->type, member))
        return FALSE;
      g_string_truncate (checker->path, path_len);
    }

  if ((checker->flags & VARLINK_CHECK_ALLOW_UNKNOWN_FIELDS) == 0)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (varlink_type_lookup_field (type, name) == NULL)
            {
              path_append_field (checker->path, name);
              checker->error_path = g_strdup (checker->path->str);
              g_string_truncate (checker->path, path_len);
              if (path_len > 0)
                checker->message = g_strdup_printf (_("%s: unknown field “%s”"),
                                                    checker->path->str, name);
              else
                checker->message = g_strdup_printf (_("unknown field “%s”"), name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
check_enum (Checker           *checker,
            const VarlinkType *type,
            JsonNode          *value)
{
  g_autoptr(GString) expected = NULL;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *string = json_node_get_string (value);

      for (guint i = 0; i < type->n_fields; i++)
        {
          if (strcmp (type->fields[i].name, string) == 0)
            return TRUE;
        }
    }

  expected = g_string_new (NULL);
  varlink_type_append_string (type, expected);
  {
    /* Translators: %s is a list of names in parentheses: "(foo, bar, baz)". */
    g_autofree char *what = g_strdup_printf (_("one of %s"), expected->str);
    return check_mismatch (checker, value, what);
  }
}

static gboolean
check_value (Checker           *checker,
             const VarlinkType *type,
             JsonNode          *value)
{
  GType value_type = G_TYPE_INVALID;

  if (type->kind == VARLINK_TYPE_KIND_NAMED)
    {
      type = varlink_type_resolve (type, checker->interface);
      /* A name the interface does not declare (read leniently) says nothing about the value. */
      if (type->kind == VARLINK_TYPE_KIND_NAMED)
        return TRUE;
    }

  if (type->kind == VARLINK_TYPE_KIND_NULLABLE)
    {
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        return TRUE;
      return check_value (checker, type->element, value);
    }

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (type->kind == VARLINK_TYPE_KIND_ANY)
        return check_fail (checker, value, _("a value is required here (“any” does not include null)"));
      return check_fail (checker, value, _("a value is required here; only a nullable type (“?”) accepts null"));
    }

  if (JSON_NODE_HOLDS_VALUE (value))
    value_type = json_node_get_value_type (value);

  switch (type->kind)
    {
    case VARLINK_TYPE_KIND_BOOL:
      if (value_type == G_TYPE_BOOLEAN)
        return TRUE;
      return check_mismatch (checker, value, _("a boolean"));

    case VARLINK_TYPE_KIND_INT:
      /* json-glib reads numbers without fraction or exponent as integers, so a double here
       * was written as a float ("1.0") and is not an int on the wire. */
      if (value_type == G_TYPE_INT64)
        return TRUE;
      return check_mismatch (checker, value, _("an integer"));

    case VARLINK_TYPE_KIND_FLOAT:
      if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
        return TRUE;
      return check_mismatch (checker, value, _("a number"));

    case VARLINK_TYPE_KIND_STRING:
      if (value_type == G_TYPE_STRING)
        return TRUE;
      return check_mismatch (checker, value, _("a string"));

    case VARLINK_TYPE_KIND_OBJECT:
      if (JSON_NODE_HOLDS_OBJECT (value))
        return TRUE;
      return check_mismatch (checker, value, _("an object"));

    case VARLINK_TYPE_KIND_ANY:
      return TRUE;

    case VARLINK_TYPE_KIND_ENUM:
      return check_enum (checker, type, value);

    case VARLINK_TYPE_KIND_STRUCT:
      return check_struct (checker, type, value);

    case VARLINK_TYPE_KIND_ARRAY:
      {
        JsonArray *array;
        gsize path_len = checker->path->len;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (value))
          return check_mismatch (checker, value, _("an array"));

        array = json_node_get_array (value);
        n = json_array_get_length (array);
        for (guint i = 0; i < n; i++)
          {
            g_string_append_printf (checker->path, "[%u]", i);
            if (!check_value (checker, type->element, json_array_get_element (array, i)))
              return FALSE;
            g_string_truncate (checker->path, path_len);
          }
        return TRUE;
      }

    case VARLINK_TYPE_KIND_MAP:
      {
        JsonObjectIter iter;
        const char *key;
        JsonNode *member;
        gsize path_len = checker->path->len;

        if (!JSON_NODE_HOLDS_OBJECT (value))
          return check_mismatch (checker, value, _("an object (a map)"));

        json_object_iter_init (&iter, json_node_get_object (value));
        while (json_object_iter_next (&iter, &key, &member))
          {
            path_append_key (checker->path, key);
            if (!check_value (checker, type->element, member))
              return FALSE;
            g_string_truncate (checker->path, path_len);
          }
        return TRUE;
      }

    case VARLINK_TYPE_KIND_NULLABLE:
    case VARLINK_TYPE_KIND_NAMED:
    default:
      g_assert_not_reached ();
    }
}

gboolean
varlink_type_check (const VarlinkType  *type,
                    VarlinkInterface   *interface,
                    JsonNode           *value,
                    VarlinkCheckFlags   flags,
                    char              **out_path,
                    GError            **error)
{
  Checker checker = { interface, flags, NULL, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (interface == NULL || VARLINK_IS_INTERFACE (interface), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  checker.path = g_string_new (NULL);

  /* An absent value is absent even for a struct: callers checking a whole parameters object
   * turn "no parameters" into {} themselves, while a missing struct field must fail. */
  ok = check_value (&checker, type, value);
  g_string_free (checker.path, TRUE);

  if (ok)
    {
      if (out_path != NULL)
        *out_path = NULL;
      return TRUE;
    }

  g_set_error_literal (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE, checker.message);
  g_free (checker.message);
  if (out_path != NULL)
    *out_path = checker.error_path;
  else
    g_free (checker.error_path);

  return FALSE;
}

/* Example values */

static JsonNode *
example_value (const VarlinkType *type,
               VarlinkInterface  *interface,
               GPtrArray         *expanding)
{
  JsonNode *node;

  switch (type->kind)
    {
    case VARLINK_TYPE_KIND_BOOL:
      return json_node_init_boolean (json_node_alloc (), FALSE);

    case VARLINK_TYPE_KIND_INT:
      return json_node_init_int (json_node_alloc (), 0);

    case VARLINK_TYPE_KIND_FLOAT:
      return json_node_init_double (json_node_alloc (), 0.0);

    case VARLINK_TYPE_KIND_STRING:
      return json_node_init_string (json_node_alloc (), "");

    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_MAP:
      /* An empty object is the simplest value that is not null, for "any" too. */
      {
        g_autoptr(JsonObject) object = json_object_new ();
        return json_node_init_object (json_node_alloc (), object);
      }

    case VARLINK_TYPE_KIND_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        return json_node_init_array (json_node_alloc (), array);
      }

    case VARLINK_TYPE_KIND_NULLABLE:
      return json_node_init_null (json_node_alloc ());

    case VARLINK_TYPE_KIND_ENUM:
      if (type->n_fields > 0)
        return json_node_init_string (json_node_alloc (), type->fields[0].name);
      return json_node_init_string (json_node_alloc (), "");

    case VARLINK_TYPE_KIND_STRUCT:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (guint i = 0; i < type->n_fields; i++)
          json_object_set_member (object, type->fields[i].name,
                                  example_value (type->fields[i].type, interface, expanding));
        return json_node_init_object (json_node_alloc (), object);
      }

    case VARLINK_TYPE_KIND_NAMED:
      {
        const VarlinkType *resolved = varlink_type_resolve (type, interface);

        /* A type that contains itself without "?" or "[]" has no finite value: stop with
         * null rather than recurse forever; unknown names get null as well. */
        if (resolved->kind == VARLINK_TYPE_KIND_NAMED ||
            g_ptr_array_find (expanding, resolved, NULL))
          return json_node_init_null (json_node_alloc ());

        g_ptr_array_add (expanding, (gpointer) resolved);
        node = example_value (resolved, interface, expanding);
        g_ptr_array_remove_index (expanding, expanding->len - 1);
        return node;
      }

    default:
      g_assert_not_reached ();
    }
}

JsonNode *
varlink_type_example (const VarlinkType *type,
                      VarlinkInterface  *interface)
{
  g_autoptr(GPtrArray) expanding = NULL;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (interface == NULL || VARLINK_IS_INTERFACE (interface), NULL);

  /* The root counts as being expanded: a declared type given directly (not by name) stops
   * at its first reference to itself, as it would when named. */
  expanding = g_ptr_array_new ();
  g_ptr_array_add (expanding, (gpointer) type);

  return example_value (type, interface, expanding);
}
