#include "varlink-type.h"
