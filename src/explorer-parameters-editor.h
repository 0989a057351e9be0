/* explorer-parameters-editor.h: the input of a call: a form generated from the method's
 * input type and a JSON editor, kept in sync both ways, with every problem marked where it
 * is before anything is sent. */
#pragma once

#include <adwaita.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_PARAMETERS_EDITOR (explorer_parameters_editor_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerParametersEditor, explorer_parameters_editor, EXPLORER, PARAMETERS_EDITOR, AdwBin)

/* input is the method's input struct, resolved through interface; interface may be NULL for
 * a method called by name without a description (then only the JSON editor is offered). */
ExplorerParametersEditor *explorer_parameters_editor_new            (VarlinkType      *input,
                                                                     VarlinkInterface *interface);
/* The parameters to send, from the view in front (form or JSON). NULL with an error when the
 * JSON does not parse or a form field is invalid (the field is marked with the reason). */
JsonObject               *explorer_parameters_editor_dup_parameters (ExplorerParametersEditor *self,
                                                                     GError                  **error);
/* Fills the form and the JSON editor (re-opening a call from the history). */
void                      explorer_parameters_editor_set_parameters (ExplorerParametersEditor *self,
                                                                     JsonObject               *parameters);
/* When the JSON is valid JSON but does not match the input type (extra fields, wrong types
 * for a lenient service): the type check's message, else NULL. Such JSON is still sent when
 * the user wants; the caller shows this as a warning. */
char                     *explorer_parameters_editor_dup_mismatch   (ExplorerParametersEditor *self);
/* Whether what is shown can be sent at all (parses; form fields valid). Notifies. */
gboolean                  explorer_parameters_editor_get_valid      (ExplorerParametersEditor *self);
/* "form" or "json". */
const char               *explorer_parameters_editor_get_view       (ExplorerParametersEditor *self);
void                      explorer_parameters_editor_set_view       (ExplorerParametersEditor *self,
                                                                     const char               *view);

G_END_DECLS
