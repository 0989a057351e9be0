#include "varlink-address.h"
