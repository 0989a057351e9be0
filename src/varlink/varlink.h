/* varlink.h: the protocol module in one include. */
#pragma once

#include "varlink-error.h"
#include "varlink-json.h"
#include "varlink-wire.h"
#include "varlink-address.h"
#include "varlink-bridge.h"
#include "varlink-connection.h"
#include "varlink-type.h"
#include "varlink-interface.h"
#include "varlink-service.h"
#include "varlink-resolver.h"
