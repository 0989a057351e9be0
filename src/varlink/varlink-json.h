/* varlink-json.h: a fast, strict JSON reader and compact writer over json-glib's JsonNode,
 * used for everything the module puts on or takes off the wire. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Nesting deeper than this is refused, so hostile input cannot exhaust the stack. */
#define VARLINK_JSON_MAX_DEPTH 256

/* Parses exactly one JSON value (surrounding whitespace allowed) from data[0..length).
 * Strings must be valid UTF-8; numbers without fraction or exponent that fit gint64 become
 * G_TYPE_INT64 values, all others G_TYPE_DOUBLE. Errors are VARLINK_ERROR_PROTOCOL with the
 * byte offset in the message. */
JsonNode *varlink_json_parse      (const char  *data,
                                   gsize        length,
                                   GError     **error);

/* Parses one JSON object (surrounding whitespace allowed) and hands each member to func in
 * text order, with the member's value (transfer full), without building the object itself:
 * for message envelopes, whose few known members are all a reader wants. Returning FALSE
 * from func (with its error set) stops parsing with that error. A text that is not an
 * object fails with VARLINK_ERROR_PROTOCOL like varlink_json_parse(). */
typedef gboolean (*VarlinkJsonMemberFunc) (const char  *name,
                                           JsonNode    *value,
                                           gpointer     user_data,
                                           GError     **error);
gboolean  varlink_json_parse_members (const char            *data,
                                      gsize                  length,
                                      VarlinkJsonMemberFunc  func,
                                      gpointer               user_data,
                                      GError               **error);

/* Appends the compact text of node (no whitespace outside strings). Doubles are written
 * so that they read back to the same value and always as a float ("1.0", never "1");
 * NaN and infinities, which JSON cannot carry, are written as null. */
void      varlink_json_append     (GString     *out,
                                   JsonNode    *node);
void      varlink_json_append_object (GString    *out,
                                      JsonObject *object);

/* Human-readable text: compact, or indented by two spaces with one member per line. */
char     *varlink_json_to_string  (JsonNode    *node,
                                   gboolean     pretty);

/* Equality by value: member order ignored, an integer equals the float of the same value. */
gboolean  varlink_json_equal      (JsonNode    *a,
                                   JsonNode    *b);

G_END_DECLS
