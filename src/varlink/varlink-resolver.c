#include "varlink-resolver.h"
