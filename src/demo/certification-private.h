/* certification-private.h: what the certification service and client share: the steps
 * and their values, and comparison by value. */
#pragma once

#include "certification.h"

#define CERTIFICATION_N_MORE_REPLIES 10

typedef struct
{
  const char       *method;
  VarlinkCallFlags  flags;
  const char       *reply;
} CertificationStep;

enum {
  CERTIFICATION_STEP_START = 0,
  CERTIFICATION_STEP_TEST01 = 1,
  CERTIFICATION_STEP_TEST10 = 10,
  CERTIFICATION_STEP_TEST11 = 11,
  CERTIFICATION_STEP_END = 12,
};

extern const CertificationStep certification_steps[];
extern const guint certification_n_steps;

JsonObject *certification_parse_object    (const char *text);
JsonObject *certification_more_reply      (guint       number);
gboolean    certification_objects_equal   (JsonObject *a,
                                           JsonObject *b);
char       *certification_object_to_string (JsonObject *object);
