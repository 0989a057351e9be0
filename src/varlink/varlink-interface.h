/* varlink-interface.h: an interface description parsed from the IDL into a model of its
 * members (types, methods, errors) with their documentation and source positions, and the
 * canonical formatter. */
#pragma once

#include <gio/gio.h>

#include "varlink-type.h"

G_BEGIN_DECLS

typedef enum {
  /* For files a user writes: the UAPI.20 grammar to the letter, every named type defined,
   * no duplicate names. */
  VARLINK_PARSE_STRICT,
  /* For what services send: also one-part interface names, empty "type Foo ()", and
   * references to undefined types (kept as unresolved names). */
  VARLINK_PARSE_LENIENT,
} VarlinkParseMode;

typedef enum {
  VARLINK_MEMBER_KIND_TYPE,
  VARLINK_MEMBER_KIND_METHOD,
  VARLINK_MEMBER_KIND_ERROR,
} VarlinkMemberKind;

/* Hints systemd writes as comment lines before a method: "[Requires 'more' flag]" etc. */
typedef enum {
  VARLINK_METHOD_HINT_NONE             = 0,
  VARLINK_METHOD_HINT_SUPPORTS_MORE    = 1 << 0,
  VARLINK_METHOD_HINT_REQUIRES_MORE    = 1 << 1,
  VARLINK_METHOD_HINT_REQUIRES_UPGRADE = 1 << 2,
} VarlinkMethodHints;

/* One problem found in a description, at a 1-based line and column. */
typedef struct {
  guint    line;
  guint    column;
  gboolean warning;  /* FALSE: an error */
  char    *message;
} VarlinkDiagnostic;

void varlink_diagnostic_free (VarlinkDiagnostic *self);

#define VARLINK_TYPE_MEMBER (varlink_member_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkMember, varlink_member, VARLINK, MEMBER, GObject)

VarlinkMemberKind   varlink_member_get_kind       (VarlinkMember *self);
const char         *varlink_member_get_name       (VarlinkMember *self);
/* "interface.Name" */
const char         *varlink_member_get_full_name  (VarlinkMember *self);
/* The documentation comment (lines joined with '\n', without '#' and one space), or NULL. */
const char         *varlink_member_get_doc        (VarlinkMember *self);
/* The first line of the documentation, or NULL. */
const char         *varlink_member_get_summary    (VarlinkMember *self);
/* TYPE: its struct or enum; ERROR: its parameters struct. */
VarlinkType        *varlink_member_get_definition (VarlinkMember *self);
/* METHOD: its input and output structs. */
VarlinkType        *varlink_member_get_input      (VarlinkMember *self);
VarlinkType        *varlink_member_get_output     (VarlinkMember *self);
VarlinkMethodHints  varlink_member_get_hints      (VarlinkMember *self);
/* 1-based position of the declaration's keyword, and the last line it spans. */
guint               varlink_member_get_line       (VarlinkMember *self);
guint               varlink_member_get_column     (VarlinkMember *self);
guint               varlink_member_get_end_line   (VarlinkMember *self);
/* The declaration as canonical IDL text, with its documentation. */
char               *varlink_member_format         (VarlinkMember *self);

#define VARLINK_TYPE_INTERFACE (varlink_interface_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkInterface, varlink_interface, VARLINK, INTERFACE, GObject)

/* Stops at the first error: VARLINK_ERROR_PARSE, message "LINE:COLUMN: what is wrong". */
VarlinkInterface *varlink_interface_new_from_string (const char        *text,
                                                     gssize             length,
                                                     VarlinkParseMode   mode,
                                                     GError           **error);
/* Every problem in text, errors and warnings, in source order (never stops at the first
 * semantic problem; after a syntax error it reports what it can). Empty when valid. */
GPtrArray        *varlink_interface_validate        (const char        *text,
                                                     gssize             length,
                                                     VarlinkParseMode   mode);

const char       *varlink_interface_get_name        (VarlinkInterface  *self);
const char       *varlink_interface_get_doc         (VarlinkInterface  *self);
/* The text it was parsed from, verbatim. */
const char       *varlink_interface_get_text        (VarlinkInterface  *self);
/* VarlinkMember items in declaration order. */
GListModel       *varlink_interface_get_members     (VarlinkInterface  *self);
VarlinkMember    *varlink_interface_lookup          (VarlinkInterface  *self,
                                                     const char        *name);
/* The struct or enum of a declared type, or NULL. */
VarlinkType      *varlink_interface_lookup_type     (VarlinkInterface  *self,
                                                     const char        *name);
/* Canonical text: parsing it gives the same model. */
char             *varlink_interface_format          (VarlinkInterface  *self);

G_END_DECLS
