/* explorer-call-page.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-call-page.h"
#include "explorer-errno.h"
#include "explorer-history.h"
#include "explorer-traffic.h"
#include "explorer-tree-item.h"

/* One call, from connecting to its last reply. It outlives the page when the page goes
 * away mid-call (page is then NULL), so late callbacks have somewhere to land. */
typedef struct {
  grefcount          ref;
  ExplorerCallPage  *page;
  GCancellable      *cancellable;
  VarlinkConnection *connection;
  char              *address;
  char              *method;
  JsonObject        *parameters;
  VarlinkCallFlags   flags;
  guint              timeout_ms;
  GDateTime         *started;
  gint64             start_us;
  guint64            n_replies;
  gboolean           ended;
} Call;

struct _ExplorerCallPage
{
  AdwBin                    parent_instance;

  /* template children */
  GtkLabel                 *heading_label;
  GtkWidget                *method_list;
  AdwEntryRow              *method_row;
  AdwBin                   *editor_bin;
  GtkLabel                 *mismatch_label;
  GtkToggleButton          *more_toggle;
  GtkToggleButton          *oneway_toggle;
  GtkToggleButton          *upgrade_toggle;
  GtkSpinButton            *timeout_spin;
  GtkWidget                *cancel_button;
  GtkWidget                *call_button;
  GtkWidget                *result_box;
  GtkWidget                *spinner;
  GtkImage                 *status_icon;
  GtkLabel                 *status_title;
  GtkLabel                 *timing_label;
  GtkLabel                 *status_details;
  AdwBin                   *log_bin;
  ExplorerReplyView        *reply_view;
  ExplorerUpgradeView      *upgrade_view;

  ExplorerService          *service;
  VarlinkMember            *method;
  VarlinkInterface         *interface;
  char                     *method_name;
  ExplorerParametersEditor *editor;
  ExplorerReplyLog         *reply_log;
  Call                     *call;
  /* The connection of the last upgrade, kept open for the raw bytes. */
  VarlinkConnection        *upgraded;
  const char               *state;
  gboolean                  updating_flags;
};

G_DEFINE_FINAL_TYPE (ExplorerCallPage, explorer_call_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- calls ------------------------------------------------------------------------------- */

static Call *
call_ref (Call *call)
{
  g_ref_count_inc (&call->ref);
  return call;
}

static void
call_unref (Call *call)
{
  if (!g_ref_count_dec (&call->ref))
    return;

  g_clear_object (&call->cancellable);
  g_clear_object (&call->connection);
  g_free (call->address);
  g_free (call->method);
  g_clear_pointer (&call->parameters, json_object_unref);
  g_clear_pointer (&call->started, g_date_time_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_unref)

static gboolean
close_later (gpointer data)
{
  varlink_connection_close (data);
  return G_SOURCE_REMOVE;
}

/* Not from inside the connection's own callback: it is still delivering. */
static void
close_connection_later (VarlinkConnection *connection)
{
  if (connection != NULL && !varlink_connection_is_closed (connection))
    g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (connection), g_object_unref);
}

/* --- showing results --------------------------------------------------------------------- */

static char *
format_duration (gint64 us)
{
  if (us < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.2f ms"), us / 1000.0);
  if (us < G_USEC_PER_SEC)
    return g_strdup_printf (_("%.1f ms"), us / 1000.0);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), us / (double) G_USEC_PER_SEC);
}

static void
set_running (ExplorerCallPage *self,
             gboolean          running)
{
  gboolean was_running = gtk_widget_get_visible (self->cancel_button);

  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-page.cancel", running);

  if (was_running != running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_status (ExplorerCallPage *self,
            const char       *state,
            const char       *icon_name,
            const char       *css_class,
            const char       *title,
            const char       *details)
{
  gtk_widget_set_visible (self->result_box, TRUE);

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);

  /* Error names, documentation and messages come from the service: plain text only. */
  gtk_label_set_text (self->status_title, title);
  gtk_label_set_text (self->status_details, details);
  gtk_widget_set_visible (GTK_WIDGET (self->status_details), details != NULL && *details != '\0');

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
show_timing (ExplorerCallPage *self,
             Call             *call)
{
  g_autofree char *duration = format_duration (g_get_monotonic_time () - call->start_us);

  if (call->flags & VARLINK_CALL_MORE)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu reply in %s",
                                      "%llu replies in %s", call->n_replies),
                         (unsigned long long) call->n_replies, duration);
      gtk_label_set_text (self->timing_label, text);
    }
  else
    {
      gtk_label_set_text (self->timing_label, duration);
    }
}

static VarlinkInterface *
find_interface (ExplorerCallPage *self,
                const char       *name)
{
  GListModel *interfaces;

  if (self->interface != NULL && g_strcmp0 (varlink_interface_get_name (self->interface), name) == 0)
    return self->interface;

  if (self->service == NULL)
    return NULL;

  interfaces = explorer_service_get_interfaces (self->service);
  for (guint i = 0; i < g_list_model_get_n_items (interfaces); i++)
    {
      g_autoptr(ExplorerTreeItem) item = g_list_model_get_item (interfaces, i);
      VarlinkInterface *interface = explorer_tree_item_get_interface (item);

      if (interface != NULL && g_strcmp0 (varlink_interface_get_name (interface), name) == 0)
        return interface;
    }

  return NULL;
}

static void
show_error_reply (ExplorerCallPage *self,
                  const char       *name,
                  JsonObject       *parameters)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *interface_name = dot ? g_strndup (name, dot - name) : NULL;
  VarlinkInterface *interface = interface_name ? find_interface (self, interface_name) : NULL;
  VarlinkMember *member = interface ? varlink_interface_lookup (interface, dot + 1) : NULL;
  GString *details = g_string_new (NULL);

  if (member != NULL && varlink_member_get_kind (member) != VARLINK_MEMBER_KIND_ERROR)
    member = NULL;

  if (member != NULL && varlink_member_get_doc (member) != NULL)
    g_string_append (details, varlink_member_get_doc (member));
  else if (member != NULL)
    g_string_append (details, _("The interface declares this error without documentation."));
  else if (interface != NULL)
    g_string_append_printf (details, _("The interface %s does not declare this error."), interface_name);
  else
    g_string_append (details, _("No interface of this service describes this error."));

  /* systemd sends failures of system calls as their errno; the number alone says little. */
  if (g_strcmp0 (name, "io.systemd.System") == 0 &&
      json_object_has_member (parameters, "errno") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (parameters, "errno")) &&
      json_node_get_value_type (json_object_get_member (parameters, "errno")) == G_TYPE_INT64)
    {
      int errnum = (int) json_object_get_int_member (parameters, "errno");
      const char *errno_name = NULL;
      g_autofree char *described = NULL;

      if (json_object_has_member (parameters, "errnoName") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (parameters, "errnoName")) &&
          json_node_get_value_type (json_object_get_member (parameters, "errnoName")) == G_TYPE_STRING)
        errno_name = json_object_get_string_member (parameters, "errnoName");

      described = explorer_errno_describe (errnum, errno_name);
      g_string_truncate (details, 0);
      /* Translators: %s is like "ENOENT (2): No such file or directory" */
      g_string_append_printf (details, _("A system call failed in the service: %s."), described);
    }

  set_status (self, EXPLORER_CALL_ERROR, "dialog-error-symbolic", "error", name, details->str);
  g_string_free (details, TRUE);

  explorer_reply_view_show (self->reply_view, parameters,
                            member ? varlink_member_get_definition (member) : NULL, interface);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_view), TRUE);
}

static void
show_failure (ExplorerCallPage *self,
              Call             *call,
              const GError     *error)
{
  gboolean stream = (call->flags & VARLINK_CALL_MORE) != 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *details = NULL;

      if (stream)
        details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The stream was stopped after %llu reply: the connection was closed, which is how a client stops a stream.",
                                                "The stream was stopped after %llu replies: the connection was closed, which is how a client stops a stream.",
                                                call->n_replies),
                                   (unsigned long long) call->n_replies);
      else
        details = g_strdup (_("The call was stopped before its reply came."));

      set_status (self, EXPLORER_CALL_CANCELLED, "process-stop-symbolic", NULL,
                  _("Cancelled"), details);
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT))
    {
      g_autofree char *wait = format_duration ((gint64) call->timeout_ms * 1000);
      g_autofree char *title = NULL;

      if (call->timeout_ms % 1000 == 0)
        {
          g_free (wait);
          /* Translators: a timeout in whole seconds */
          wait = g_strdup_printf (_("%u s"), call->timeout_ms / 1000);
        }
      /* Translators: %s is a duration, like "5 s" */
      title = g_strdup_printf (_("No reply within %s"), wait);
      set_status (self, EXPLORER_CALL_TIMED_OUT, "dialog-warning-symbolic", "warning", title,
                  _("Raise the timeout or turn it off (0 waits for ever). The service may be busy, "
                    "or may never answer this call."));
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED))
    {
      set_status (self, EXPLORER_CALL_CLOSED, "dialog-warning-symbolic", "warning",
                  _("The service closed the connection"),
                  _("It may have rejected the call, or crashed. Try again, or check the service’s log."));
    }
  else if (call->connection == NULL)
    {
      g_autofree char *details = g_strdup_printf (_("%s Check that the service is running and that "
                                                    "its address is right."), error->message);

      set_status (self, EXPLORER_CALL_FAILED, "dialog-error-symbolic", "error",
                  _("Could not connect to the service"), details);
    }
  else if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL) ||
           g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE))
    {
      set_status (self, EXPLORER_CALL_FAILED, "dialog-error-symbolic", "error",
                  _("The service sent something that is not a valid reply"), error->message);
    }
  else
    {
      set_status (self, EXPLORER_CALL_FAILED, "dialog-error-symbolic", "error",
                  _("The call failed"), error->message);
    }
}

static const char *
outcome_sentence (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return _("Cancelled");
  if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT))
    return _("Timed out");
  if (g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_CLOSED))
    return _("The service closed the connection");
  return error->message;
}

/* The call is over (last reply, error reply, oneway sent, upgrade confirmed, or failure):
 * record it, and show the end unless the page has moved on. */
static void
end_call (Call         *call,
          VarlinkReply *reply,
          const GError *error)
{
  ExplorerCallPage *self = call->page;
  g_autoptr(ExplorerHistoryEntry) entry = NULL;
  const char *outcome = NULL;

  if (call->ended)
    return;
  call->ended = TRUE;

  if (reply != NULL && varlink_reply_get_error (reply) != NULL)
    outcome = varlink_reply_get_error (reply);
  else if (error != NULL)
    outcome = outcome_sentence (error);

  entry = explorer_history_entry_new (call->address, call->method, call->parameters, call->flags,
                                      call->started, g_get_monotonic_time () - call->start_us,
                                      (guint) MIN (call->n_replies, G_MAXUINT), outcome);
  explorer_history_add (explorer_history_get_default (), entry);

  /* Only a confirmed upgrade keeps its connection, and only for a page that shows it. */
  if (self == NULL || !(call->flags & VARLINK_CALL_UPGRADE) || error != NULL ||
      (reply != NULL && varlink_reply_get_error (reply) != NULL))
    close_connection_later (call->connection);

  if (self == NULL)
    return;

  if (self->reply_log != NULL && (call->flags & VARLINK_CALL_MORE))
    explorer_reply_log_finish (self->reply_log);

  show_timing (self, call);
  set_running (self, FALSE);

  if (error != NULL)
    {
      show_failure (self, call, error);
    }
  else if (reply != NULL && varlink_reply_get_error (reply) != NULL)
    {
      show_error_reply (self, varlink_reply_get_error (reply), varlink_reply_get_parameters (reply));
    }
  else if (call->flags & VARLINK_CALL_ONEWAY)
    {
      set_status (self, EXPLORER_CALL_SENT, "mail-send-symbolic", NULL,
                  _("Sent. A oneway call gets no reply."),
                  _("The service does not answer a oneway call, not even with an error."));
    }
  else if (call->flags & VARLINK_CALL_MORE)
    {
      g_autofree char *title =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The stream ended after %llu reply",
                                      "The stream ended after %llu replies",
                                      call->n_replies),
                         (unsigned long long) call->n_replies);

      set_status (self, EXPLORER_CALL_REPLY, "emblem-ok-symbolic", "success", title,
                  _("The last reply came without “continues”. Select a reply in the log to read it."));
    }
  else if (call->flags & VARLINK_CALL_UPGRADE)
    {
      g_set_object (&self->upgraded, call->connection);
      explorer_reply_view_show (self->reply_view, varlink_reply_get_parameters (reply),
                                self->method ? varlink_member_get_output (self->method) : NULL,
                                self->interface);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_view), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->upgrade_view), TRUE);
      set_status (self, EXPLORER_CALL_UPGRADED, "network-transmit-receive-symbolic", "success",
                  _("Upgraded: the connection now carries raw bytes"),
                  _("The confirming reply is below. What the service sends from now on is shown "
                    "as it comes; bytes typed below are sent as they are."));
    }
  else
    {
      explorer_reply_view_show (self->reply_view, varlink_reply_get_parameters (reply),
                                self->method ? varlink_member_get_output (self->method) : NULL,
                                self->interface);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_view), TRUE);
      set_status (self, EXPLORER_CALL_REPLY, "emblem-ok-symbolic", "success", _("Reply"), NULL);
    }
}

static void
on_reply (VarlinkConnection *connection,
          VarlinkReply      *reply,
          const GError      *error,
          gpointer           user_data)
{
  Call *call = user_data;

  if (call->ended)
    return;

  if (reply == NULL)
    {
      /* A oneway call handed to the kernel, or the end of the call by a failure. */
      end_call (call, NULL, error);
      return;
    }

  if (varlink_reply_get_error (reply) == NULL)
    {
      call->n_replies++;
      /* Every reply of a stream goes to the log, cheaply: it batches them per frame. */
      if ((call->flags & VARLINK_CALL_MORE) && call->page != NULL && call->page->reply_log != NULL)
        explorer_reply_log_append (call->page->reply_log, reply);
    }

  if (!varlink_reply_get_continues (reply) || varlink_reply_get_error (reply) != NULL)
    end_call (call, reply, NULL);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  call->connection = varlink_connection_new_finish (result, &error);
  if (call->connection == NULL)
    {
      end_call (call, NULL, error);
      return;
    }

  if (call->ended || g_cancellable_is_cancelled (call->cancellable))
    {
      varlink_connection_close (call->connection);
      return;
    }

  /* Translators: what a connection in the traffic view is for; %s is a method */
  label = g_strdup_printf (_("call %s"), call->method);
  if (call->page != NULL && call->page->service != NULL)
    explorer_traffic_attach (explorer_service_get_traffic (call->page->service),
                             call->connection, label);

  /* Before the call, so that no byte after the confirming reply goes unseen. */
  if ((call->flags & VARLINK_CALL_UPGRADE) && call->page != NULL)
    explorer_upgrade_view_set_connection (call->page->upgrade_view, call->connection);

  varlink_connection_call (call->connection, call->method, call->parameters, call->flags,
                           call->timeout_ms, call->cancellable,
                           on_reply, call_ref (call), (GDestroyNotify) call_unref);
}

/* Forgets the call running on the page, cancelling it. */
static void
drop_call (ExplorerCallPage *self)
{
  Call *call = g_steal_pointer (&self->call);

  if (call == NULL)
    return;

  if (!call->ended)
    {
      /* The call ends as cancelled in the history; the page shows the next one. */
      call->page = NULL;
      g_cancellable_cancel (call->cancellable);
    }
  call->page = NULL;
  call_unref (call);
}

static void
drop_upgraded (ExplorerCallPage *self)
{
  explorer_upgrade_view_set_connection (self->upgrade_view, NULL);
  if (self->upgraded != NULL)
    {
      varlink_connection_close (self->upgraded);
      g_clear_object (&self->upgraded);
    }
}

/* --- the form ---------------------------------------------------------------------------- */

static void
update_actions (ExplorerCallPage *self)
{
  const char *name = explorer_call_page_get_method_name (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-page.call",
                                 self->service != NULL && name != NULL && *name != '\0');
  gtk_widget_set_tooltip_text (self->call_button,
                               self->service != NULL
                               ? _("Call the Method (Ctrl+Return)")
                               : _("Open the interface’s service to call its methods"));
}

static void
on_flag_toggled (GtkToggleButton  *button,
                 ExplorerCallPage *self)
{
  GtkToggleButton *toggles[] = { self->more_toggle, self->oneway_toggle, self->upgrade_toggle };

  if (self->updating_flags || !gtk_toggle_button_get_active (button))
    return;

  /* The protocol allows one of them per call. */
  self->updating_flags = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    if (toggles[i] != button)
      gtk_toggle_button_set_active (toggles[i], FALSE);
  self->updating_flags = FALSE;
}

static void
on_method_changed (ExplorerCallPage *self)
{
  g_free (self->method_name);
  self->method_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->method_row))));
  update_actions (self);
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  explorer_call_page_call (EXPLORER_CALL_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  explorer_call_page_cancel (EXPLORER_CALL_PAGE (widget));
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_call_page_dispose (GObject *object)
{
  ExplorerCallPage *self = EXPLORER_CALL_PAGE (object);

  drop_call (self);
  if (self->upgrade_view != NULL)
    drop_upgraded (self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_CALL_PAGE);
  g_clear_object (&self->service);
  g_clear_object (&self->method);
  g_clear_object (&self->interface);

  G_OBJECT_CLASS (explorer_call_page_parent_class)->dispose (object);
}

static void
explorer_call_page_finalize (GObject *object)
{
  ExplorerCallPage *self = EXPLORER_CALL_PAGE (object);

  g_clear_pointer (&self->method_name, g_free);

  G_OBJECT_CLASS (explorer_call_page_parent_class)->finalize (object);
}

static void
explorer_call_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ExplorerCallPage *self = EXPLORER_CALL_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, explorer_call_page_get_running (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_call_page_class_init (ExplorerCallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_call_page_dispose;
  object_class->finalize = explorer_call_page_finalize;
  object_class->get_property = explorer_call_page_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, EXPLORER_CALL_IDLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EXPLORER_TYPE_REPLY_VIEW);
  g_type_ensure (EXPLORER_TYPE_UPGRADE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, method_list);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, method_row);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, editor_bin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, more_toggle);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, oneway_toggle);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, upgrade_toggle);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, call_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, status_title);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, timing_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, status_details);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, log_bin);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, reply_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerCallPage, upgrade_view);
  gtk_widget_class_bind_template_callback (widget_class, on_flag_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);

  gtk_widget_class_install_action (widget_class, "call-page.call", NULL, call_action);
  gtk_widget_class_install_action (widget_class, "call-page.cancel", NULL, cancel_action);
}

static void
explorer_call_page_init (ExplorerCallPage *self)
{
  GtkEventController *shortcuts;
  g_autoptr(GSettings) settings = explorer_settings_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = EXPLORER_CALL_IDLE;

  /* A starting value only: the field is the call's, and re-opening a call sets its own. */
  if (settings != NULL)
    gtk_spin_button_set_value (self->timeout_spin, g_settings_get_uint (settings, "call-timeout"));

  /* Managed by the window, so Ctrl+Return calls from anywhere in it (the tree included);
   * in the capture phase, so an editor with the focus does not take the key first. Escape
   * passes on while nothing runs: the action is disabled then. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("call-page.call")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("call-page.cancel")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call-page.cancel", FALSE);
}

static void
setup (ExplorerCallPage *self,
       ExplorerService  *service,
       VarlinkType      *input)
{
  g_set_object (&self->service, service);
  self->editor = explorer_parameters_editor_new (input, self->interface);
  adw_bin_set_child (self->editor_bin, GTK_WIDGET (self->editor));
  update_actions (self);
}

ExplorerCallPage *
explorer_call_page_new (ExplorerService  *service,
                        VarlinkMember    *method,
                        VarlinkInterface *interface)
{
  ExplorerCallPage *self;
  VarlinkMethodHints hints;

  g_return_val_if_fail (service == NULL || EXPLORER_IS_SERVICE (service), NULL);
  g_return_val_if_fail (VARLINK_IS_MEMBER (method), NULL);
  g_return_val_if_fail (varlink_member_get_kind (method) == VARLINK_MEMBER_KIND_METHOD, NULL);

  self = g_object_new (EXPLORER_TYPE_CALL_PAGE, NULL);
  self->method = g_object_ref (method);
  g_set_object (&self->interface, interface);
  self->method_name = g_strdup (varlink_member_get_full_name (method));
  setup (self, service, varlink_member_get_input (method));

  /* systemd's hints say how the method means to be called; "supports more" is usually
   * what one wants to see, so it starts on too. */
  hints = varlink_member_get_hints (method);
  if (hints & VARLINK_METHOD_HINT_REQUIRES_UPGRADE)
    gtk_toggle_button_set_active (self->upgrade_toggle, TRUE);
  else if (hints & (VARLINK_METHOD_HINT_REQUIRES_MORE | VARLINK_METHOD_HINT_SUPPORTS_MORE))
    gtk_toggle_button_set_active (self->more_toggle, TRUE);

  return self;
}

ExplorerCallPage *
explorer_call_page_new_by_name (ExplorerService *service)
{
  ExplorerCallPage *self;

  g_return_val_if_fail (service == NULL || EXPLORER_IS_SERVICE (service), NULL);

  self = g_object_new (EXPLORER_TYPE_CALL_PAGE, NULL);
  gtk_label_set_text (self->heading_label, _("Call a Method by Name"));
  gtk_widget_set_visible (self->method_list, TRUE);
  setup (self, service, NULL);
  return self;
}

/* --- API --------------------------------------------------------------------------------- */

GtkWindow *
explorer_call_page_open_window (ExplorerService *service,
                                GtkWindow       *parent)
{
  GtkWidget *window, *box, *header, *scroller, *clamp;
  ExplorerCallPage *page;

  g_return_val_if_fail (EXPLORER_IS_SERVICE (service), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  page = explorer_call_page_new_by_name (service);
  gtk_widget_set_margin_start (GTK_WIDGET (page), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (page), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (page), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (page), 18);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (page));

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);

  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Call a Method by Name"),
                                                         explorer_service_get_title (service)));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Call a Method by Name"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (page->method_row));

  return GTK_WINDOW (window);
}

ExplorerService *
explorer_call_page_get_service (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->service;
}

VarlinkMember *
explorer_call_page_get_method (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->method;
}

const char *
explorer_call_page_get_method_name (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->method_name;
}

void
explorer_call_page_set_method_name (ExplorerCallPage *self,
                                    const char       *name)
{
  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));
  g_return_if_fail (self->method == NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->method_row), name ? name : "");
}

void
explorer_call_page_call (ExplorerCallPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  g_autofree char *mismatch = NULL;
  Call *call;
  guint seconds;

  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));

  if (self->service == NULL || self->method_name == NULL || *self->method_name == '\0')
    return;

  parameters = explorer_parameters_editor_dup_parameters (self->editor, &error);
  if (parameters == NULL)
    {
      drop_call (self);
      set_running (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reply_view), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->log_bin), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->upgrade_view), FALSE);
      gtk_label_set_text (self->timing_label, NULL);
      set_status (self, EXPLORER_CALL_INVALID, "dialog-error-symbolic", "error",
                  _("Not sent: the parameters are not valid"), error->message);
      return;
    }

  /* JSON the form cannot show is the user's choice to send; say what does not match. */
  mismatch = explorer_parameters_editor_dup_mismatch (self->editor);
  if (mismatch != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sent as written, although it does not match "
                                                 "the method’s input: %s"), mismatch);
      gtk_label_set_text (self->mismatch_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_label), mismatch != NULL);

  drop_call (self);
  drop_upgraded (self);

  call = g_new0 (Call, 1);
  g_ref_count_init (&call->ref);
  call->page = self;
  call->cancellable = g_cancellable_new ();
  call->address = explorer_service_dup_connect_address (self->service);
  call->method = g_strdup (self->method_name);
  call->parameters = json_object_ref (parameters);
  call->flags = explorer_call_page_get_flags (self);
  seconds = explorer_call_page_get_timeout (self);
  call->timeout_ms = seconds * 1000;
  call->started = g_date_time_new_now_local ();
  call->start_us = g_get_monotonic_time ();
  self->call = call;

  gtk_widget_set_visible (GTK_WIDGET (self->reply_view), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->upgrade_view), FALSE);
  explorer_reply_view_clear (self->reply_view);
  gtk_label_set_text (self->timing_label, NULL);

  if (call->flags & VARLINK_CALL_MORE)
    {
      if (self->reply_log == NULL)
        {
          self->reply_log = explorer_reply_log_new ();
          adw_bin_set_child (self->log_bin, GTK_WIDGET (self->reply_log));
        }
      /* Read at each call, so a changed setting applies to the next stream. */
      {
        g_autoptr(GSettings) settings = explorer_settings_new ();

        if (settings != NULL)
          explorer_reply_log_set_max_replies (self->reply_log,
                                              g_settings_get_uint (settings, "max-stream-replies"));
      }
      explorer_reply_log_start (self->reply_log);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->log_bin), (call->flags & VARLINK_CALL_MORE) != 0);

  set_running (self, TRUE);
  set_status (self, EXPLORER_CALL_RUNNING, NULL, NULL,
              (call->flags & VARLINK_CALL_MORE) ? _("Receiving replies…") : _("Calling…"), NULL);

  /* A connection of its own: a long stream here holds no other page's call. */
  varlink_connection_new_async (call->address, call->cancellable, on_connected, call_ref (call));
}

void
explorer_call_page_cancel (ExplorerCallPage *self)
{
  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));

  if (self->call != NULL && !self->call->ended)
    g_cancellable_cancel (self->call->cancellable);
}

gboolean
explorer_call_page_get_running (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), FALSE);

  return self->call != NULL && !self->call->ended;
}

const char *
explorer_call_page_get_state (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->state;
}

const char *
explorer_call_page_get_status_title (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return gtk_label_get_text (self->status_title);
}

const char *
explorer_call_page_get_status_details (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return gtk_label_get_text (self->status_details);
}

guint64
explorer_call_page_get_n_replies (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), 0);

  return self->call ? self->call->n_replies : 0;
}

void
explorer_call_page_set_parameters (ExplorerCallPage *self,
                                   JsonObject       *parameters)
{
  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));

  explorer_parameters_editor_set_parameters (self->editor, parameters);
}

VarlinkCallFlags
explorer_call_page_get_flags (ExplorerCallPage *self)
{
  VarlinkCallFlags flags = VARLINK_CALL_NONE;

  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), VARLINK_CALL_NONE);

  if (gtk_toggle_button_get_active (self->more_toggle))
    flags |= VARLINK_CALL_MORE;
  if (gtk_toggle_button_get_active (self->oneway_toggle))
    flags |= VARLINK_CALL_ONEWAY;
  if (gtk_toggle_button_get_active (self->upgrade_toggle))
    flags |= VARLINK_CALL_UPGRADE;

  return flags;
}

void
explorer_call_page_set_flags (ExplorerCallPage *self,
                              VarlinkCallFlags  flags)
{
  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));

  self->updating_flags = TRUE;
  gtk_toggle_button_set_active (self->more_toggle, (flags & VARLINK_CALL_MORE) != 0);
  gtk_toggle_button_set_active (self->oneway_toggle,
                                !(flags & VARLINK_CALL_MORE) && (flags & VARLINK_CALL_ONEWAY));
  gtk_toggle_button_set_active (self->upgrade_toggle,
                                !(flags & (VARLINK_CALL_MORE | VARLINK_CALL_ONEWAY)) &&
                                (flags & VARLINK_CALL_UPGRADE));
  self->updating_flags = FALSE;
}

guint
explorer_call_page_get_timeout (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->timeout_spin);
}

void
explorer_call_page_set_timeout (ExplorerCallPage *self,
                                guint             seconds)
{
  g_return_if_fail (EXPLORER_IS_CALL_PAGE (self));

  gtk_spin_button_set_value (self->timeout_spin, seconds);
}

ExplorerParametersEditor *
explorer_call_page_get_editor (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->editor;
}

ExplorerReplyView *
explorer_call_page_get_reply_view (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->reply_view;
}

ExplorerReplyLog *
explorer_call_page_get_reply_log (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->reply_log;
}

ExplorerUpgradeView *
explorer_call_page_get_upgrade_view (ExplorerCallPage *self)
{
  g_return_val_if_fail (EXPLORER_IS_CALL_PAGE (self), NULL);

  return self->upgrade_view;
}
