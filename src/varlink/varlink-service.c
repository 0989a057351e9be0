#include "varlink-service.h"
