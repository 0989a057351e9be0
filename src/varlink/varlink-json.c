#include "varlink-json.h"
