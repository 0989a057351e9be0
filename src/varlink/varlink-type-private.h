/* varlink-type-private.h: the layout of types and fields, and the constructors the IDL
 * parser and formatter use. Not part of the module's API. */
#pragma once

#include "varlink-type.h"

G_BEGIN_DECLS

struct _VarlinkField {
  const char  *name;     /* stored in the owning type's allocation */
  VarlinkType *type;     /* owned; NULL for an enum value */
  char        *doc;      /* owned, or NULL */
  guint        line;
  guint        column;
};

struct _VarlinkType {
  gatomicrefcount  ref_count;
  VarlinkTypeKind  kind;
  gboolean         is_static;  /* the shared primitive types are never freed */
  guint            n_fields;
  VarlinkType     *element;    /* ARRAY, MAP, NULLABLE */
  const char      *name;       /* NAMED: stored in the same allocation */
  VarlinkField    *fields;     /* STRUCT, ENUM: stored right after the type */
};

/* What the parser collects for a field before the struct or enum is built. */
typedef struct {
  const char  *name;
  gsize        name_len;
  VarlinkType *type;     /* transferred to the new type */
  char        *doc;      /* transferred to the new type */
  guint        line;
  guint        column;
} VarlinkFieldSpec;

/* BOOL, INT, FLOAT, STRING, OBJECT, ANY: a shared instance (no need to unref, but allowed). */
VarlinkType *varlink_type_new_primitive (VarlinkTypeKind         kind);
/* ARRAY, MAP, NULLABLE; takes ownership of element. */
VarlinkType *varlink_type_new_container (VarlinkTypeKind         kind,
                                         VarlinkType            *element);
VarlinkType *varlink_type_new_named     (const char             *name,
                                         gsize                   length);
/* STRUCT or ENUM; takes ownership of each spec's type and doc. */
VarlinkType *varlink_type_new_fields    (VarlinkTypeKind         kind,
                                         const VarlinkFieldSpec *specs,
                                         guint                   n_specs);

void         varlink_type_append_string (const VarlinkType      *self,
                                         GString                *out);
/* TRUE when a field anywhere inside has documentation (it cannot go on one line). */
gboolean     varlink_type_has_docs      (const VarlinkType      *self);
/* Structural equality: kinds, names, field names, docs and types. */
gboolean     varlink_type_equal         (const VarlinkType      *a,
                                         const VarlinkType      *b);

G_END_DECLS
