#include "varlink-wire.h"
