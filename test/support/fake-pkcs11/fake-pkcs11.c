/*
 * A programmable PKCS#11 module for tests: what SoftHSM cannot do (PIN count low / final try / locked, a call
 * that blocks, a call that crashes). Behaviour comes from a control file named by FAKE_PKCS11_CONTROL, read
 * again on every call so a test can change it while the desk runs. Lines are key=value:
 *   present=1            a token is in the (single) slot
 *   serial=FAKE0001      token serial;  label=FAKE CNS   token label
 *   cert=/path/cert.der  the public authentication certificate (CKA_ID 01)
 *   pin=12345678         the correct PIN
 *   flags=count_low,final_try,locked   token PIN flags
 *   hang_in=C_GetSlotList  hang_ms=5000   block inside that call
 *   crash_in=C_GetTokenInfo               SIGSEGV inside that call
 *   read_error=1         C_FindObjectsInit answers CKR_DEVICE_ERROR: a card whose objects cannot be read
 *   blank=1              the token is not initialised (no CKF_TOKEN_INITIALIZED): a blank card
 *   events=block         C_WaitForSlotEvent works: CKR_NO_EVENT without blocking; blocking, it returns when
 *                        `present` changes (or the module is finalised, CKR_CRYPTOKI_NOT_INITIALIZED)
 *   events=storm         blocking, it returns an event at once, every time (a module that never blocks)
 *   events=noblock       only the non-blocking form works; blocking answers CKR_FUNCTION_NOT_SUPPORTED
 *   events=hang          every call blocks, CKF_DONT_BLOCK or not, until the module is finalised
 *   events=fail          every call fails after 10 ms with CKR_DEVICE_ERROR, and so does a blocked wait once
 *                        this line appears: the smart card service gone (pcscd stopped)
 *   (no events line)     C_WaitForSlotEvent answers CKR_FUNCTION_NOT_SUPPORTED, as SoftHSM does
 *   no_slots=1           C_GetSlotList lists no slot at all: a middleware with no reader connected
 *   stale=1              C_GetSlotList shows an inserted token only after a new C_Initialize, as SoftHSM does
 *                        (it reads its token folder there); a removal shows at once
 * C_WaitForSlotEvent runs on another thread than the other calls: it reads the control file into its own copy,
 * never into the one the other calls use.
 * The token is listed as soon as `present` says so, without a new C_Initialize: a module that shows insertions
 * live, as PC/SC-based middlewares do. With FAKE_PKCS11_LOG set, every call appends its name to that file.
 * Compiled by the test setup with gcc; never committed as a binary.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pkcs11/pkcs11.h>

typedef struct {
  int present;
  char serial[17];
  char label[33];
  char cert[1024];
  char pin[64];
  int count_low, final_try, locked;
  char hang_in[64];
  long hang_ms;
  char crash_in[64];
  int unrecognized;
  int no_slots;
  int read_error;
  int blank;
  int stale;
  char events[16];
} control_t;

static control_t ctl;
static int initialized = 0;
/* `present` as the last C_Initialize found it (stale=1). */
static int present_at_init = 0;
static unsigned char cert_buf[16384];
static unsigned long cert_len = 0;
static int find_active = 0, find_done = 0;
static CK_OBJECT_CLASS find_class = (CK_OBJECT_CLASS)-1;

static void parse_control(control_t *c) {
  /* Shadows the global on purpose: parsing never touches the copy another thread may be reading. */
  control_t ctl;
  memset(&ctl, 0, sizeof ctl);
  strcpy(ctl.serial, "FAKE0001");
  strcpy(ctl.label, "FAKE CNS");
  *c = ctl;
  const char *path = getenv("FAKE_PKCS11_CONTROL");
  if (!path) return;
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[1200];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    char *eq = strchr(line, '=');
    if (!eq) continue;
    *eq = 0;
    const char *k = line, *v = eq + 1;
    if (!strcmp(k, "present")) ctl.present = atoi(v);
    else if (!strcmp(k, "serial")) snprintf(ctl.serial, sizeof ctl.serial, "%s", v);
    else if (!strcmp(k, "label")) snprintf(ctl.label, sizeof ctl.label, "%s", v);
    else if (!strcmp(k, "cert")) snprintf(ctl.cert, sizeof ctl.cert, "%s", v);
    else if (!strcmp(k, "pin")) snprintf(ctl.pin, sizeof ctl.pin, "%s", v);
    else if (!strcmp(k, "flags")) {
      ctl.count_low = strstr(v, "count_low") != NULL;
      ctl.final_try = strstr(v, "final_try") != NULL;
      ctl.locked = strstr(v, "locked") != NULL;
    } else if (!strcmp(k, "hang_in")) snprintf(ctl.hang_in, sizeof ctl.hang_in, "%s", v);
    else if (!strcmp(k, "hang_ms")) ctl.hang_ms = atol(v);
    else if (!strcmp(k, "crash_in")) snprintf(ctl.crash_in, sizeof ctl.crash_in, "%s", v);
    else if (!strcmp(k, "unrecognized")) ctl.unrecognized = atoi(v);
    else if (!strcmp(k, "no_slots")) ctl.no_slots = atoi(v);
    else if (!strcmp(k, "read_error")) ctl.read_error = atoi(v);
    else if (!strcmp(k, "blank")) ctl.blank = atoi(v);
    else if (!strcmp(k, "stale")) ctl.stale = atoi(v);
    else if (!strcmp(k, "events")) snprintf(ctl.events, sizeof ctl.events, "%s", v);
  }
  fclose(f);
  *c = ctl;
}

static void read_control(void) {
  parse_control(&ctl);
  cert_len = 0;
  if (ctl.cert[0]) {
    FILE *c = fopen(ctl.cert, "rb");
    if (c) {
      cert_len = fread(cert_buf, 1, sizeof cert_buf, c);
      fclose(c);
    }
  }
}

static void log_call(const char *fn) {
  const char *path = getenv("FAKE_PKCS11_LOG");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  fprintf(f, "%s\n", fn);
  fclose(f);
}

/* Every entry point starts here: log the call, reload the control file, then misbehave if asked to. */
static void enter(const char *fn) {
  log_call(fn);
  read_control();
  if (ctl.crash_in[0] && !strcmp(ctl.crash_in, fn)) raise(SIGSEGV);
  if (ctl.hang_in[0] && !strcmp(ctl.hang_in, fn) && ctl.hang_ms > 0) usleep((useconds_t)ctl.hang_ms * 1000);
}

static void pad(CK_UTF8CHAR *dst, size_t n, const char *src) {
  memset(dst, ' ', n);
  size_t l = strlen(src);
  memcpy(dst, src, l < n ? l : n);
}

CK_RV C_Initialize(CK_VOID_PTR args) {
  (void)args;
  enter("C_Initialize");
  if (initialized) return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  initialized = 1;
  present_at_init = ctl.present;
  return CKR_OK;
}

CK_RV C_Finalize(CK_VOID_PTR r) {
  (void)r;
  enter("C_Finalize");
  if (!initialized) return CKR_CRYPTOKI_NOT_INITIALIZED;
  initialized = 0;
  return CKR_OK;
}

CK_RV C_GetInfo(CK_INFO_PTR info) {
  enter("C_GetInfo");
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 2;
  info->cryptokiVersion.minor = 40;
  pad(info->manufacturerID, 32, "Sportello tests");
  pad(info->libraryDescription, 32, "Programmable fake PKCS#11");
  info->libraryVersion.major = 1;
  return CKR_OK;
}

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  enter("C_GetSlotList");
  if (!initialized) return CKR_CRYPTOKI_NOT_INITIALIZED;
  int shown = ctl.present && (!ctl.stale || present_at_init);
  CK_ULONG n = (ctl.no_slots || (tokenPresent && !shown)) ? 0 : 1;
  if (list) {
    if (*count < n) { *count = n; return CKR_BUFFER_TOO_SMALL; }
    if (n) list[0] = 1;
  }
  *count = n;
  return CKR_OK;
}

CK_RV C_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
  enter("C_GetSlotInfo");
  if (slot != 1) return CKR_SLOT_ID_INVALID;
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, 64, "Fake reader 0");
  pad(info->manufacturerID, 32, "Sportello tests");
  info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | (ctl.present ? CKF_TOKEN_PRESENT : 0);
  return CKR_OK;
}

CK_RV C_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  enter("C_GetTokenInfo");
  if (slot != 1) return CKR_SLOT_ID_INVALID;
  if (!ctl.present) return CKR_TOKEN_NOT_PRESENT;
  if (ctl.unrecognized) return CKR_TOKEN_NOT_RECOGNIZED;
  memset(info, 0, sizeof *info);
  pad(info->label, 32, ctl.label);
  pad(info->manufacturerID, 32, "Sportello tests");
  pad(info->model, 16, "FAKE CNS");
  pad(info->serialNumber, 16, ctl.serial);
  info->flags = (ctl.blank ? 0 : CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED) | CKF_LOGIN_REQUIRED |
                (ctl.count_low ? CKF_USER_PIN_COUNT_LOW : 0) | (ctl.final_try ? CKF_USER_PIN_FINAL_TRY : 0) |
                (ctl.locked ? CKF_USER_PIN_LOCKED : 0);
  info->ulMaxPinLen = 8;
  info->ulMinPinLen = 5;
  return CKR_OK;
}

CK_RV C_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR s) {
  (void)flags; (void)app; (void)notify;
  enter("C_OpenSession");
  if (slot != 1) return CKR_SLOT_ID_INVALID;
  if (!ctl.present) return CKR_TOKEN_NOT_PRESENT;
  *s = 7;
  return CKR_OK;
}

CK_RV C_CloseSession(CK_SESSION_HANDLE s) { (void)s; enter("C_CloseSession"); return CKR_OK; }

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n) {
  (void)s;
  enter("C_FindObjectsInit");
  if (!ctl.present) return CKR_DEVICE_REMOVED;
  if (ctl.read_error) return CKR_DEVICE_ERROR;
  find_class = (CK_OBJECT_CLASS)-1;
  for (CK_ULONG i = 0; i < n; i++)
    if (t[i].type == CKA_CLASS && t[i].pValue) find_class = *(CK_OBJECT_CLASS *)t[i].pValue;
  find_active = 1;
  find_done = 0;
  return CKR_OK;
}

CK_RV C_FindObjects(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR out, CK_ULONG max, CK_ULONG_PTR count) {
  (void)s;
  enter("C_FindObjects");
  *count = 0;
  if (!find_active) return CKR_OPERATION_NOT_INITIALIZED;
  if (find_done || max == 0) return CKR_OK;
  find_done = 1;
  /* Handle 1: the certificate; handle 2: the private key behind it. */
  if (find_class == CKO_CERTIFICATE && cert_len > 0) { out[0] = 1; *count = 1; }
  else if (find_class == CKO_PRIVATE_KEY) { out[0] = 2; *count = 1; }
  return CKR_OK;
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE s) { (void)s; enter("C_FindObjectsFinal"); find_active = 0; return CKR_OK; }

static CK_RV put(CK_ATTRIBUTE_PTR a, const void *v, CK_ULONG len) {
  if (!a->pValue) { a->ulValueLen = len; return CKR_OK; }
  if (a->ulValueLen < len) { a->ulValueLen = len; return CKR_BUFFER_TOO_SMALL; }
  memcpy(a->pValue, v, len);
  a->ulValueLen = len;
  return CKR_OK;
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n) {
  (void)s;
  enter("C_GetAttributeValue");
  if (!ctl.present) return CKR_DEVICE_REMOVED;
  CK_RV rv = CKR_OK;
  static const unsigned char id[] = {0x01};
  for (CK_ULONG i = 0; i < n; i++) {
    CK_RV r = CKR_OK;
    if (t[i].type == CKA_ID) r = put(&t[i], id, 1);
    else if (t[i].type == CKA_LABEL) r = put(&t[i], "CNS0", 4);
    else if (t[i].type == CKA_VALUE && h == 1) r = put(&t[i], cert_buf, cert_len);
    else { t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION; r = CKR_ATTRIBUTE_TYPE_INVALID; }
    if (r != CKR_OK) rv = r;
  }
  return rv;
}

CK_RV C_Login(CK_SESSION_HANDLE s, CK_USER_TYPE u, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  (void)s; (void)u;
  enter("C_Login");
  if (!ctl.present) return CKR_DEVICE_REMOVED;
  if (ctl.locked) return CKR_PIN_LOCKED;
  if (strlen(ctl.pin) != len || memcmp(ctl.pin, pin, len) != 0) return CKR_PIN_INCORRECT;
  return CKR_OK;
}

CK_RV C_Logout(CK_SESSION_HANDLE s) { (void)s; enter("C_Logout"); return CKR_OK; }

/* Only the basic mechanism, like older CNS middlewares: the desk must fall back to its own DigestInfo. */
CK_RV C_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  enter("C_GetMechanismList");
  if (slot != 1) return CKR_SLOT_ID_INVALID;
  if (list) {
    if (*count < 1) { *count = 1; return CKR_BUFFER_TOO_SMALL; }
    list[0] = CKM_RSA_PKCS;
  }
  *count = 1;
  return CKR_OK;
}

/* No key material here: a correct PIN reaches signing, which this module does not do. */
CK_RV C_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  (void)s; (void)m; (void)k;
  enter("C_SignInit");
  return CKR_MECHANISM_INVALID;
}

/* See the header: a thread of its own, a control copy of its own. */
CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved) {
  (void)reserved;
  log_call("C_WaitForSlotEvent");
  control_t c;
  parse_control(&c);
  if (c.crash_in[0] && !strcmp(c.crash_in, "C_WaitForSlotEvent")) raise(SIGSEGV);
  if (!initialized) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (!c.events[0]) return CKR_FUNCTION_NOT_SUPPORTED;
  if (!strcmp(c.events, "fail")) { usleep(10000); return CKR_DEVICE_ERROR; }
  if (!strcmp(c.events, "hang")) {
    while (initialized) usleep(20000);
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  if (flags & CKF_DONT_BLOCK) return CKR_NO_EVENT;
  if (!strcmp(c.events, "noblock")) return CKR_FUNCTION_NOT_SUPPORTED;
  if (!strcmp(c.events, "storm")) { *slot = 1; return CKR_OK; }
  int was = c.present;
  for (;;) {
    usleep(20000);
    if (!initialized) return CKR_CRYPTOKI_NOT_INITIALIZED;
    parse_control(&c);
    if (!strcmp(c.events, "fail")) return CKR_DEVICE_ERROR;
    if (c.present != was) { *slot = 1; return CKR_OK; }
  }
}

static CK_FUNCTION_LIST functions = {
  .version = {2, 40},
  .C_Initialize = C_Initialize,
  .C_Finalize = C_Finalize,
  .C_GetInfo = C_GetInfo,
  .C_GetSlotList = C_GetSlotList,
  .C_GetSlotInfo = C_GetSlotInfo,
  .C_GetTokenInfo = C_GetTokenInfo,
  .C_GetMechanismList = C_GetMechanismList,
  .C_OpenSession = C_OpenSession,
  .C_CloseSession = C_CloseSession,
  .C_FindObjectsInit = C_FindObjectsInit,
  .C_FindObjects = C_FindObjects,
  .C_FindObjectsFinal = C_FindObjectsFinal,
  .C_GetAttributeValue = C_GetAttributeValue,
  .C_Login = C_Login,
  .C_Logout = C_Logout,
  .C_SignInit = C_SignInit,
  .C_WaitForSlotEvent = C_WaitForSlotEvent,
};

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
  functions.C_GetFunctionList = C_GetFunctionList;
  *list = &functions;
  return CKR_OK;
}
