/* test-resolver.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "varlink.h"

/* A fake org.varlink.resolver, served by the module's own service side in this process,
 * stands in for the system's: the client is tested against what it sends and receives. */

#define WAIT_TIMEOUT_MS 20000

static const char * const known_interfaces[] = {
  "org.varlink.resolver",
  "org.example.demo",
  "io.systemd.Hostname",
  NULL
};

typedef struct
{
  VarlinkService     *service;
  char               *address;
  GPtrArray          *resolved;     /* char *: the interface of every Resolve call */
  guint               n_get_info;
  VarlinkServiceCall *held;         /* a Resolve call left unanswered */
} Fixture;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_until (gboolean   (*done) (gconstpointer data),
            gconstpointer data,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up after %u ms waiting for %s", WAIT_TIMEOUT_MS, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static gboolean
pointer_is_set (gconstpointer data)
{
  return *(gconstpointer const *) data != NULL;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (source);
  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot,
             const char    *what)
{
  wait_until (pointer_is_set, slot, what);
  return *slot;
}

/* The fake resolver ---------------------------------------------------------------------- */

static void
get_info_cb (VarlinkServiceCall *call,
             JsonObject         *parameters,
             gpointer            user_data)
{
  Fixture *f = user_data;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *interfaces = json_array_new ();

  f->n_get_info++;
  for (guint i = 0; known_interfaces[i] != NULL; i++)
    json_array_add_string_element (interfaces, known_interfaces[i]);

  json_object_set_string_member (reply, "vendor", "Test");
  json_object_set_string_member (reply, "product", "Fake resolver");
  json_object_set_string_member (reply, "version", "1");
  json_object_set_string_member (reply, "url", "https://example.org");
  json_object_set_array_member (reply, "interfaces", interfaces);
  varlink_service_call_reply (call, reply, FALSE);
}

static void
resolve_cb (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  Fixture *f = user_data;
  const char *interface = json_object_get_string_member (parameters, "interface");

  g_ptr_array_add (f->resolved, g_strdup (interface));

  if (g_str_equal (interface, "org.example.demo"))
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_string_member (reply, "address", "unix:/run/org.example.demo");
      varlink_service_call_reply (call, reply, FALSE);
    }
  else if (g_str_equal (interface, "org.example.silent"))
    {
      /* Never answered: the client's timeout or cancellation has to end the wait. */
      g_clear_pointer (&f->held, varlink_service_call_unref);
      f->held = varlink_service_call_ref (call);
    }
  else
    {
      g_autoptr(JsonObject) error = json_object_new ();

      json_object_set_string_member (error, "interface", interface);
      varlink_service_call_reply_error (call, "org.varlink.resolver.InterfaceNotFound", error);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *description = NULL;
  const char *dir = g_getenv ("VARLINK_TEST_INTERFACES");

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "org.varlink.resolver.varlink", NULL);
  g_file_get_contents (path, &description, NULL, &error);
  g_assert_no_error (error);

  f->resolved = g_ptr_array_new_with_free_func (g_free);
  f->service = varlink_service_new ("Test", "Fake resolver", "1", "https://example.org");
  g_assert_true (varlink_service_add_interface (f->service, description, &error));
  g_assert_no_error (error);
  varlink_service_bind (f->service, "org.varlink.resolver.GetInfo", get_info_cb, f, NULL);
  varlink_service_bind (f->service, "org.varlink.resolver.Resolve", resolve_cb, f, NULL);

  f->address = g_strdup_printf ("unix:@varlink-explorer-test-resolver-%d-%08x", (int) getpid (),
                                g_random_int ());
  g_assert_true (varlink_service_listen (f->service, f->address, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->held, varlink_service_call_unref);
  g_clear_object (&f->service);
  g_ptr_array_unref (f->resolved);
  g_free (f->address);
}

static gboolean
no_connections (gconstpointer data)
{
  const Fixture *f = data;

  return varlink_service_get_n_connections (f->service) == 0;
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) interfaces = NULL;

  varlink_resolver_list_async (f->address, 5000, NULL, on_result, &result);
  interfaces = varlink_resolver_list_finish (wait_result (&result, "the list"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (interfaces);
  g_assert_cmpstrv (interfaces, known_interfaces);
  g_assert_cmpuint (f->n_get_info, ==, 1);

  /* The question was asked of the resolver's own GetInfo, and the connection is not kept. */
  wait_until (no_connections, f, "the resolver connection to close");
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  varlink_resolver_resolve_async (f->address, "org.example.demo", 5000, NULL, on_result, &result);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the address"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (address, ==, "unix:/run/org.example.demo");
  g_assert_cmpuint (f->resolved->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->resolved, 0), ==, "org.example.demo");
  g_assert_cmpuint (f->n_get_info, ==, 0);

  wait_until (no_connections, f, "the resolver connection to close");
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  JsonObject *parameters;

  varlink_resolver_resolve_async (f->address, "org.example.unknown", 5000, NULL, on_result,
                                  &result);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the error"), &error);
  g_assert_null (address);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==,
                   "org.varlink.resolver.InterfaceNotFound");
  parameters = varlink_error_get_remote_parameters (error);
  g_assert_nonnull (parameters);
  g_assert_cmpstr (json_object_get_string_member (parameters, "interface"), ==,
                   "org.example.unknown");
  /* The message a person reads names the error. */
  g_assert_nonnull (strstr (error->message, "InterfaceNotFound"));
  g_assert_cmpstr (g_ptr_array_index (f->resolved, 0), ==, "org.example.unknown");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  gint64 start = g_get_monotonic_time ();

  varlink_resolver_resolve_async (f->address, "org.example.silent", 200, NULL, on_result, &result);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the timeout"), &error);
  g_assert_null (address);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5000 * G_TIME_SPAN_MILLISECOND);
  g_assert_nonnull (f->held);

  /* The client hung up; the resolver sees it go. */
  wait_until (no_connections, f, "the resolver connection to close");
  g_assert_true (g_cancellable_is_cancelled (varlink_service_call_get_cancellable (f->held)));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_auto(GStrv) interfaces = NULL;

  varlink_resolver_resolve_async (f->address, "org.example.silent", 0, cancellable, on_result,
                                  &result);
  g_timeout_add (100, cancel_cb, cancellable);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the cancellation"), &error);
  g_assert_null (address);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A cancellable already cancelled ends the request before anything is sent. */
  g_clear_object (&result);
  varlink_resolver_list_async (f->address, 5000, cancellable, on_result, &list_result);
  interfaces = varlink_resolver_list_finish (wait_result (&list_result, "the cancelled list"),
                                             &error);
  g_assert_null (interfaces);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_get_info, ==, 0);
}

static void
test_missing (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) interfaces = NULL;
  g_autofree char *address = NULL;
  g_autofree char *abstract = g_strdup_printf ("unix:@varlink-explorer-test-no-resolver-%d",
                                               (int) getpid ());

  varlink_resolver_list_async ("unix:/nonexistent/org.varlink.resolver", 5000, NULL, on_result,
                               &result);
  interfaces = varlink_resolver_list_finish (wait_result (&result, "the connect error"), &error);
  g_assert_null (interfaces);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  /* Says where it looked, in words. */
  g_assert_nonnull (strstr (error->message, "unix:/nonexistent/org.varlink.resolver"));
  g_clear_error (&error);

  g_clear_object (&result);
  varlink_resolver_resolve_async (abstract, "org.example.demo", 5000, NULL, on_result, &result);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the connect error"), &error);
  g_assert_null (address);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, abstract));
  g_clear_error (&error);

  /* Not an address at all. */
  g_clear_object (&result);
  varlink_resolver_resolve_async ("nowhere", "org.example.demo", 5000, NULL, on_result, &result);
  address = varlink_resolver_resolve_finish (wait_result (&result, "the address error"), &error);
  g_assert_null (address);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/resolver/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list", test_list);
  ADD ("resolve", test_resolve);
  ADD ("not-found", test_not_found);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
#undef ADD
  g_test_add_func ("/resolver/missing", test_missing);

  return g_test_run ();
}
