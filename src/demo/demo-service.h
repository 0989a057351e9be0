/* demo-service.h: the bundled demo service: org.example.demo, which shows every kind of
 * call the protocol has, and org.varlink.certification. */
#pragma once

#include "varlink.h"

G_BEGIN_DECLS

#define DEMO_INTERFACE "org.example.demo"
#define DEMO_URL "https://github.com/varlinkexplorer/varlink-explorer"

/* A service with both interfaces added and bound; it does not listen yet. */
VarlinkService *demo_service_new (GError **error);

G_END_DECLS
