#include "varlink-connection.h"
