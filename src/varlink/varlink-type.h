/* varlink-type.h: the type model of the IDL (immutable, reference-counted trees), JSON values
 * checked against a type with a path to the first mismatch, and example values for forms. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _VarlinkInterface VarlinkInterface;

typedef enum {
  VARLINK_TYPE_KIND_BOOL,
  VARLINK_TYPE_KIND_INT,
  VARLINK_TYPE_KIND_FLOAT,
  VARLINK_TYPE_KIND_STRING,
  VARLINK_TYPE_KIND_OBJECT,    /* foreign object: any JSON object */
  VARLINK_TYPE_KIND_ANY,       /* any JSON value but null */
  VARLINK_TYPE_KIND_ENUM,      /* (a, b, c): fields without types */
  VARLINK_TYPE_KIND_STRUCT,    /* (a: T, b: U), also () */
  VARLINK_TYPE_KIND_ARRAY,     /* []T */
  VARLINK_TYPE_KIND_MAP,       /* [string]T; a set is [string]() */
  VARLINK_TYPE_KIND_NULLABLE,  /* ?T */
  VARLINK_TYPE_KIND_NAMED,     /* a reference to a type declared in the interface */
} VarlinkTypeKind;

typedef struct _VarlinkType  VarlinkType;
typedef struct _VarlinkField VarlinkField;

#define VARLINK_TYPE_TYPE (varlink_type_get_type ())
GType               varlink_type_get_type      (void) G_GNUC_CONST;
VarlinkType        *varlink_type_ref           (VarlinkType       *self);
void                varlink_type_unref         (VarlinkType       *self);

VarlinkTypeKind     varlink_type_get_kind      (const VarlinkType *self);
/* ARRAY, MAP, NULLABLE: the element type. */
VarlinkType        *varlink_type_get_element   (const VarlinkType *self);
/* NAMED: the referenced name. */
const char         *varlink_type_get_name      (const VarlinkType *self);
/* STRUCT and ENUM: the fields (enum values have no type). */
guint               varlink_type_get_n_fields  (const VarlinkType *self);
const VarlinkField *varlink_type_get_field     (const VarlinkType *self,
                                                guint              index);
const VarlinkField *varlink_type_lookup_field  (const VarlinkType *self,
                                                const char        *name);
/* MAP whose element is an empty struct. */
gboolean            varlink_type_is_set        (const VarlinkType *self);
/* On one line, as in the IDL: "?[]string", "(a: int, b: ?(x, y))". */
char               *varlink_type_to_string     (const VarlinkType *self);

const char         *varlink_field_get_name     (const VarlinkField *self);
/* NULL for an enum value. */
VarlinkType        *varlink_field_get_type     (const VarlinkField *self);
/* The documentation comment without '#' and the one space after it, or NULL. */
const char         *varlink_field_get_doc      (const VarlinkField *self);
/* 1-based position of the field's name in the source text (0 when built in code). */
guint               varlink_field_get_line     (const VarlinkField *self);
guint               varlink_field_get_column   (const VarlinkField *self);

/* Follows NAMED references through interface (which may be NULL: names stay unresolved);
 * returns the type itself for other kinds. Does not loop on recursive types. */
const VarlinkType  *varlink_type_resolve       (const VarlinkType *self,
                                                VarlinkInterface  *interface);

typedef enum {
  VARLINK_CHECK_NONE                 = 0,
  /* Fields a struct does not declare are accepted (clients reading replies). */
  VARLINK_CHECK_ALLOW_UNKNOWN_FIELDS = 1 << 0,
} VarlinkCheckFlags;

/* Checks value (NULL = absent) against type. On a mismatch returns FALSE with a
 * VARLINK_ERROR_INVALID_VALUE error whose message names the path of the first mismatch
 * ("mytype.interface.foo[1]: expected one of (foo, bar, baz), got \"qux\"") and, when
 * out_path is given, that path alone ("mytype.interface.foo[1]"; "" for the root). An int
 * is a valid float; a float with an integral value is not a valid int. */
gboolean            varlink_type_check         (const VarlinkType  *type,
                                                VarlinkInterface   *interface,
                                                JsonNode           *value,
                                                VarlinkCheckFlags   flags,
                                                char              **out_path,
                                                GError            **error);

/* A value of the type for prefilling a form: zero, empty string, first enum value, each
 * struct field filled, empty arrays and maps, null for nullables. Terminates on
 * recursive types. */
JsonNode           *varlink_type_example       (const VarlinkType  *type,
                                                VarlinkInterface   *interface);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VarlinkType, varlink_type_unref)

G_END_DECLS
