/* varlink-error.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "varlink-error.h"

typedef struct {
  char       *remote_name;
  JsonObject *remote_parameters;
} VarlinkErrorPrivate;

static void
varlink_error_private_init (VarlinkErrorPrivate *priv)
{
  priv->remote_name = NULL;
  priv->remote_parameters = NULL;
}

static void
varlink_error_private_copy (const VarlinkErrorPrivate *src,
                            VarlinkErrorPrivate       *dest)
{
  dest->remote_name = g_strdup (src->remote_name);
  dest->remote_parameters = src->remote_parameters ? json_object_ref (src->remote_parameters) : NULL;
}

static void
varlink_error_private_clear (VarlinkErrorPrivate *priv)
{
  g_clear_pointer (&priv->remote_name, g_free);
  g_clear_pointer (&priv->remote_parameters, json_object_unref);
}

G_DEFINE_EXTENDED_ERROR (VarlinkError, varlink_error)

GError *
varlink_error_new_remote (const char *name,
                          JsonObject *parameters)
{
  GError *error;
  VarlinkErrorPrivate *priv;

  g_return_val_if_fail (name != NULL, NULL);

  /* Translators: %s is a Varlink error name such as org.varlink.service.InvalidParameter */
  error = g_error_new (VARLINK_ERROR, VARLINK_ERROR_REMOTE, _("The service answered with the error %s"), name);
  priv = varlink_error_get_private (error);
  priv->remote_name = g_strdup (name);
  priv->remote_parameters = parameters ? json_object_ref (parameters) : json_object_new ();

  return error;
}

const char *
varlink_error_get_remote_name (const GError *error)
{
  VarlinkErrorPrivate *priv;

  if (error == NULL || !g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE))
    return NULL;

  priv = varlink_error_get_private (error);
  return priv ? priv->remote_name : NULL;
}

JsonObject *
varlink_error_get_remote_parameters (const GError *error)
{
  VarlinkErrorPrivate *priv;

  if (error == NULL || !g_error_matches (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE))
    return NULL;

  priv = varlink_error_get_private (error);
  return priv ? priv->remote_parameters : NULL;
}
