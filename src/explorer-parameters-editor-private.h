/* explorer-parameters-editor-private.h: what tests reach inside the parameters editor: the
 * form's nodes by path (see explorer_form_node_lookup) and the JSON editor's text. */
#pragma once

#include "explorer-form-node.h"
#include "explorer-parameters-editor.h"

G_BEGIN_DECLS

ExplorerFormNode *explorer_parameters_editor_lookup                (ExplorerParametersEditor *self,
                                                                    const char               *path);
char             *explorer_parameters_editor_dup_json_text         (ExplorerParametersEditor *self);
void              explorer_parameters_editor_set_json_text         (ExplorerParametersEditor *self,
                                                                    const char               *text);
/* The form's note that the JSON holds what the form cannot show. */
gboolean          explorer_parameters_editor_get_form_note_visible (ExplorerParametersEditor *self);
/* The line under the JSON editor (a syntax error or a mismatch warning), or NULL. */
const char       *explorer_parameters_editor_get_json_status       (ExplorerParametersEditor *self);

G_END_DECLS
