/// The OpenAPI 3.1 document of the server, written by hand: every route, its request and its
/// responses. `GET /openapi.json` serves it; the tests check it names every route.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "pumpwatch",
    "version": "1.0.0",
    "summary": "Decide before an SMS is sent, and find SMS pumping (T1496.003).",
    "description": "Ask the guard before each SMS or voice code is sent (POST /v1/check), tell it when the code is entered (POST /v1/verified), and read what it decided. Every route but /healthz and /readyz needs `Authorization: Bearer TOKEN`; the server keeps only the token's SHA-256. Bodies over the configured limit get 413; a malformed body gets 400 with the reason.",
    "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "tags": [
    {"name": "guard", "description": "Send-path decisions"},
    {"name": "alerts", "description": "Alerts raised by the detections, and their triage"},
    {"name": "operations", "description": "Health, readiness and this document"}
  ],
  "paths": {
    "/v1/check": {
      "post": {
        "tags": ["guard"],
        "operationId": "check",
        "summary": "Decide whether to send a code",
        "description": "Only `to` is required. `challenge` means: ask for a CAPTCHA or another factor first. In monitor mode `decision` is always `allow` and `policy_decision` says what the policy would have done.",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"},
            "example": {"to": "+447700900123", "ip": "203.0.113.9", "user": "u-1842", "session": "s-77a1", "purpose": "signup", "channel": "sms", "id": "req-0001"}}}
        },
        "responses": {
          "200": {"description": "The decision", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Decision"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/verified": {
      "post": {
        "tags": ["guard"],
        "operationId": "verified",
        "summary": "Record that the user entered the code",
        "description": "Give the request `id` that `/v1/check` answered, or the number as `to` (the latest code sent to it). Conversion is the guard's strongest signal.",
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerificationRequest"}, "example": {"id": "req-0001"}}}
        },
        "responses": {
          "200": {"description": "What the verification matched", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerificationResult"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/guard/stats": {
      "get": {
        "tags": ["guard"],
        "operationId": "guardStats",
        "summary": "Decisions by decision, reason, country and hour",
        "responses": {
          "200": {"description": "The guard's counts since its state began, and the service's own state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/GuardStats"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/guard/decisions": {
      "get": {
        "tags": ["guard"],
        "operationId": "listDecisions",
        "summary": "Stored decisions with their reasons, newest first",
        "parameters": [
          {"name": "since", "in": "query", "description": "Decisions at or after this time: ISO 8601, epoch seconds or milliseconds, or a duration ago (90s, 15m, 24h, 7d).", "schema": {"type": "string"}, "example": "1h"},
          {"name": "until", "in": "query", "description": "Decisions before this time, in the same forms as since.", "schema": {"type": "string"}},
          {"name": "decision", "in": "query", "description": "Only this effective decision.", "schema": {"$ref": "#/components/schemas/Verdict"}},
          {"name": "policy_decision", "in": "query", "description": "Only this policy decision (what monitor mode would have done).", "schema": {"$ref": "#/components/schemas/Verdict"}},
          {"name": "country", "in": "query", "description": "Only this destination country, such as GB.", "schema": {"type": "string"}},
          {"name": "to", "in": "query", "description": "Only this destination, as sent.", "schema": {"type": "string"}},
          {"name": "before", "in": "query", "description": "The `next` cursor of the previous page.", "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "description": "At most this many (default 100).", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
        ],
        "responses": {
          "200": {"description": "A page of decisions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DecisionList"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/alerts": {
      "get": {
        "tags": ["alerts"],
        "operationId": "listAlerts",
        "summary": "Alerts, most recently updated first",
        "parameters": [
          {"name": "since", "in": "query", "description": "Alerts updated at or after this time: ISO 8601, epoch seconds or milliseconds, or a duration ago (90s, 15m, 24h, 7d).", "schema": {"type": "string"}, "example": "24h"},
          {"name": "severity", "in": "query", "description": "Only alerts at or above this severity.", "schema": {"$ref": "#/components/schemas/Severity"}},
          {"name": "rule", "in": "query", "description": "Only alerts of this rule id.", "schema": {"type": "string"}, "example": "repeated-destination"},
          {"name": "state", "in": "query", "description": "Only alerts in this state.", "schema": {"$ref": "#/components/schemas/AlertState"}},
          {"name": "limit", "in": "query", "description": "At most this many (default 100).", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
        ],
        "responses": {
          "200": {"description": "The matching alerts, without their histories", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertList"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/v1/alerts/{id}": {
      "get": {
        "tags": ["alerts"],
        "operationId": "getAlert",
        "summary": "One alert with its entities, evidence and state history",
        "parameters": [{"$ref": "#/components/parameters/AlertID"}],
        "responses": {
          "200": {"description": "The alert", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alert"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}
        }
      }
    },
    "/v1/alerts/{id}/acknowledge": {
      "post": {
        "tags": ["alerts"],
        "operationId": "acknowledgeAlert",
        "summary": "Acknowledge an alert: someone is on it",
        "description": "Recorded with the name of the bearer token and the optional note. The body may be empty.",
        "parameters": [{"$ref": "#/components/parameters/AlertID"}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StateChangeRequest"}, "example": {"note": "blocking +88213 at the provider"}}}},
        "responses": {
          "200": {"description": "The alert after the change, with its history", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alert"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/alerts/{id}/resolve": {
      "post": {
        "tags": ["alerts"],
        "operationId": "resolveAlert",
        "summary": "Resolve an alert: it has been dealt with",
        "description": "Recorded with the name of the bearer token and the optional note. The body may be empty.",
        "parameters": [{"$ref": "#/components/parameters/AlertID"}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StateChangeRequest"}}}},
        "responses": {
          "200": {"description": "The alert after the change, with its history", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alert"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/events": {
      "post": {
        "tags": ["ingest"],
        "operationId": "ingestEvents",
        "summary": "Ingest log records",
        "description": "NDJSON or a JSON array in any format the readers know (?format= or detected); gzip bodies accepted. A 200 means the records are in the ingest journal; records are deduplicated by their own id.",
        "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "array"}}}},
        "responses": {
          "200": {"description": "Journaled: accepted and duplicate counts by format", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/twilio/events": {
      "post": {
        "tags": ["ingest"],
        "operationId": "ingestTwilioEvents",
        "summary": "Twilio Event Streams webhook sink",
        "description": "A JSON array of CloudEvents, authenticated by X-Twilio-Signature (with the bodySHA256 query parameter) or HTTP Basic credentials instead of a bearer token.",
        "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "array"}}}},
        "responses": {
          "200": {"description": "Journaled: accepted and duplicate counts by format", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/twilio/status": {
      "post": {
        "tags": ["ingest"],
        "operationId": "ingestTwilioStatus",
        "summary": "Twilio message status callback",
        "description": "Form-encoded status callback, authenticated by X-Twilio-Signature instead of a bearer token.",
        "security": [],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
        "responses": {
          "200": {"description": "Journaled: accepted and duplicate counts by format", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/aws/firehose": {
      "post": {
        "tags": ["ingest"],
        "operationId": "ingestFirehose",
        "summary": "Amazon Data Firehose HTTP endpoint",
        "description": "Firehose delivery requests (records[].data in base64: CloudWatch Logs subscription data or CloudTrail events from EventBridge), authenticated by X-Amz-Firehose-Access-Key; answers in Firehose's response shape.",
        "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {
          "200": {"description": "Journaled: accepted and duplicate counts by format", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"$ref": "#/components/responses/TooLarge"}
        }
      }
    },
    "/v1/notifications": {
      "get": {
        "tags": ["alerts"],
        "operationId": "listNotifications",
        "summary": "The notification outbox",
        "description": "Notifications of alerts to the configured sinks, newest first; state=failed lists the dead letters.",
        "parameters": [
          {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["pending", "delivered", "failed"]}},
          {"name": "limit", "in": "query", "schema": {"type": "integer"}}
        ],
        "responses": {
          "200": {"description": "Outbox entries", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/metrics": {
      "get": {
        "tags": ["operations"],
        "operationId": "metrics",
        "summary": "Prometheus metrics",
        "description": "Events ingested, malformed records, rule evaluations, alerts, guard decisions and request durations by route template, in the Prometheus text format.",
        "responses": {
          "200": {"description": "The metrics", "content": {"text/plain": {"schema": {"type": "string"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    },
    "/healthz": {
      "get": {
        "tags": ["operations"],
        "operationId": "healthz",
        "summary": "The process answers",
        "security": [],
        "responses": {
          "200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}}}}
        }
      }
    },
    "/readyz": {
      "get": {
        "tags": ["operations"],
        "operationId": "readyz",
        "summary": "The process and its store answer",
        "security": [],
        "responses": {
          "200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
          "503": {"description": "The store does not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "tags": ["operations"],
        "operationId": "openapi",
        "summary": "This document",
        "responses": {
          "200": {"description": "The OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "A token whose SHA-256 is listed under server.tokens in the configuration."}
    },
    "parameters": {
      "AlertID": {"name": "id", "in": "path", "required": true, "description": "The alert's id.", "schema": {"type": "integer", "minimum": 1}}
    },
    "responses": {
      "BadRequest": {"description": "Malformed JSON, or a missing or invalid field; the message says which and why", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "No bearer token", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "The bearer token is not accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such alert", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooLarge": {"description": "The body is over the configured limit", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Verdict": {"type": "string", "enum": ["allow", "monitor", "challenge", "block"]},
      "CheckRequest": {
        "type": "object",
        "required": ["to"],
        "properties": {
          "to": {"type": "string", "description": "The destination in E.164 (+447700900123); 00 and spaces are accepted.", "maxLength": 64},
          "ip": {"type": ["string", "null"], "description": "The client's address as the app saw it.", "maxLength": 256},
          "user": {"type": ["string", "null"], "description": "The app's user id.", "maxLength": 256},
          "session": {"type": ["string", "null"], "description": "The app's session id.", "maxLength": 256},
          "purpose": {"type": ["string", "null"], "enum": ["signup", "login", "reset", "other", null], "description": "Other values read as other."},
          "channel": {"type": ["string", "null"], "enum": ["sms", "voice", null], "description": "Other values read as sms."},
          "id": {"type": ["string", "null"], "description": "The client's request id; the guard makes one when missing.", "maxLength": 256}
        }
      },
      "Reason": {
        "type": "object",
        "required": ["signal", "detail", "value", "threshold", "score"],
        "properties": {
          "signal": {"type": "string", "description": "The signal's name, such as number-velocity or country-rule."},
          "detail": {"type": "string", "description": "What was seen, in words."},
          "value": {"type": "number", "description": "The measured value."},
          "threshold": {"type": ["number", "null"], "description": "The threshold it was compared with."},
          "score": {"type": "integer", "description": "Points added to the risk score (negative for trust)."}
        }
      },
      "Decision": {
        "type": "object",
        "required": ["id", "decision", "policy_decision", "risk_score", "country", "calling_code", "reasons", "mode"],
        "properties": {
          "id": {"type": "string", "description": "The request id; pass it to /v1/verified."},
          "decision": {"$ref": "#/components/schemas/Verdict"},
          "policy_decision": {"$ref": "#/components/schemas/Verdict"},
          "risk_score": {"type": "integer", "minimum": 0, "maximum": 100},
          "country": {"type": ["string", "null"], "description": "The destination country (GB, or +881 for non-geographic codes)."},
          "calling_code": {"type": ["string", "null"], "description": "The destination's calling code (44)."},
          "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
          "mode": {"type": "string", "enum": ["enforce", "monitor"]}
        }
      },
      "VerificationRequest": {
        "type": "object",
        "description": "Give id, or to.",
        "properties": {
          "id": {"type": ["string", "null"], "maxLength": 256},
          "to": {"type": ["string", "null"]}
        }
      },
      "VerificationResult": {
        "type": "object",
        "required": ["matched", "id", "to", "seconds", "repeated"],
        "properties": {
          "matched": {"type": "boolean", "description": "True when the verification matched a code the guard let through."},
          "id": {"type": ["string", "null"]},
          "to": {"type": ["string", "null"]},
          "seconds": {"type": ["integer", "null"], "description": "Seconds from the send to the verification."},
          "repeated": {"type": "boolean", "description": "True when the code had already been verified."}
        }
      },
      "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
      "GuardStats": {
        "type": "object",
        "required": ["checks", "verifications", "unmatched_verifications", "decisions", "policy_decisions", "reasons", "countries", "hours", "tables", "evictions", "service"],
        "properties": {
          "checks": {"type": "integer"},
          "verifications": {"type": "integer"},
          "unmatched_verifications": {"type": "integer"},
          "decisions": {"$ref": "#/components/schemas/Counts"},
          "policy_decisions": {"$ref": "#/components/schemas/Counts"},
          "reasons": {"$ref": "#/components/schemas/Counts"},
          "countries": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Counts"}},
          "hours": {"type": "array", "items": {"type": "object", "required": ["start", "decisions"], "properties": {"start": {"type": "string", "format": "date-time"}, "decisions": {"$ref": "#/components/schemas/Counts"}}}},
          "tables": {"$ref": "#/components/schemas/Counts"},
          "evictions": {"$ref": "#/components/schemas/Counts"},
          "service": {
            "type": "object",
            "required": ["state", "checkpoints", "stored_decisions", "policy"],
            "properties": {
              "state": {"type": "object", "properties": {
                "status": {"type": "string", "enum": ["fresh", "restored", "failed-open", "failed-closed"]},
                "error": {"type": ["string", "null"]},
                "restored_from": {"type": ["string", "null"], "format": "date-time"},
                "fail_open": {"type": "boolean"}}},
              "checkpoints": {"type": "object", "properties": {
                "last": {"type": ["string", "null"], "format": "date-time"},
                "bytes": {"type": "integer"}, "duration_ms": {"type": "number"}, "saved": {"type": "integer"},
                "snapshot_ms": {"type": "number", "description": "Time the guard was held to copy its state."},
                "encode_ms": {"type": "number"},
                "failures": {"type": "integer"}, "last_error": {"type": ["string", "null"]}}},
              "stored_decisions": {"type": "object", "properties": {
                "recorded": {"type": "integer"}, "queued": {"type": "integer"}, "dropped": {"type": "integer"},
                "failed_writes": {"type": "integer"}, "last_error": {"type": ["string", "null"]}}},
              "policy": {"type": "object", "properties": {
                "mode": {"type": "string", "enum": ["enforce", "monitor"]}, "reloads": {"type": "integer"},
                "last_reload": {"type": ["string", "null"], "format": "date-time"}, "last_reload_error": {"type": ["string", "null"]}}}
            }
          }
        }
      },
      "StoredDecision": {
        "type": "object",
        "required": ["seq", "time", "id", "to", "decision", "policy_decision", "risk_score", "mode", "reasons"],
        "properties": {
          "seq": {"type": "integer"},
          "time": {"type": "string", "format": "date-time"},
          "id": {"type": "string"},
          "to": {"type": "string"},
          "ip": {"type": ["string", "null"]},
          "user": {"type": ["string", "null"]},
          "session": {"type": ["string", "null"]},
          "purpose": {"type": ["string", "null"]},
          "channel": {"type": ["string", "null"]},
          "decision": {"$ref": "#/components/schemas/Verdict"},
          "policy_decision": {"$ref": "#/components/schemas/Verdict"},
          "risk_score": {"type": "integer"},
          "country": {"type": ["string", "null"]},
          "calling_code": {"type": ["string", "null"]},
          "mode": {"type": "string", "enum": ["enforce", "monitor"]},
          "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}
        }
      },
      "DecisionList": {
        "type": "object",
        "required": ["decisions", "next"],
        "properties": {
          "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/StoredDecision"}},
          "next": {"type": ["string", "null"], "description": "Pass as before= for the next page; null on the last page."}
        }
      },
      "Readiness": {
        "type": "object",
        "required": ["status", "store", "guard_state"],
        "properties": {
          "status": {"type": "string", "enum": ["ready", "not ready"]},
          "store": {"type": "string", "enum": ["ok", "unavailable"]},
          "guard_state": {"type": "string", "enum": ["fresh", "restored", "failed-open", "failed-closed"]}
        }
      },
      "Severity": {"type": "string", "enum": ["info", "low", "medium", "high", "critical"]},
      "AlertState": {"type": "string", "enum": ["open", "acknowledged", "resolved"]},
      "Pairs": {
        "type": "array",
        "description": "[name, value] pairs in the detection's order; a value is any JSON value.",
        "items": {"type": "array", "prefixItems": [{"type": "string"}, {}], "minItems": 2, "maxItems": 2}
      },
      "Alert": {
        "type": "object",
        "required": ["id", "key", "rule", "title", "severity", "risk_score", "state", "first_seen", "last_seen", "count", "occurrences", "entities", "evidence", "summary", "attack", "sources", "created_at", "updated_at"],
        "properties": {
          "id": {"type": "integer"},
          "key": {"type": "string", "description": "The deduplication key: a detection reporting the same key updates this alert."},
          "rule": {"type": "string"},
          "title": {"type": "string"},
          "severity": {"$ref": "#/components/schemas/Severity"},
          "risk_score": {"type": "integer"},
          "state": {"$ref": "#/components/schemas/AlertState"},
          "state_changed_by": {"type": ["string", "null"]},
          "state_changed_at": {"type": ["string", "null"], "format": "date-time"},
          "note": {"type": ["string", "null"], "description": "The note of the last state change."},
          "first_seen": {"type": ["string", "null"], "format": "date-time"},
          "last_seen": {"type": ["string", "null"], "format": "date-time"},
          "count": {"type": "integer", "description": "Events behind the alert."},
          "occurrences": {"type": "integer", "description": "How many times the detection reported it."},
          "entities": {"$ref": "#/components/schemas/Pairs"},
          "evidence": {"$ref": "#/components/schemas/Pairs"},
          "summary": {"type": "string"},
          "attack": {"type": "array", "items": {"type": "string"}},
          "sources": {"type": "array", "items": {"type": "string"}},
          "created_at": {"type": "string", "format": "date-time"},
          "updated_at": {"type": "string", "format": "date-time"},
          "history": {"type": "array", "description": "State changes, oldest first (one alert only, not in lists).", "items": {"$ref": "#/components/schemas/AlertStateChange"}}
        }
      },
      "AlertStateChange": {
        "type": "object",
        "required": ["state", "by", "at", "note"],
        "properties": {
          "state": {"$ref": "#/components/schemas/AlertState"},
          "by": {"type": "string"},
          "at": {"type": "string", "format": "date-time"},
          "note": {"type": ["string", "null"]}
        }
      },
      "AlertList": {
        "type": "object",
        "required": ["alerts", "count"],
        "properties": {
          "alerts": {"type": "array", "items": {"$ref": "#/components/schemas/Alert"}},
          "count": {"type": "integer"}
        }
      },
      "StateChangeRequest": {
        "type": "object",
        "properties": {"note": {"type": ["string", "null"], "maxLength": 2000}}
      },
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {"type": "object", "required": ["message"], "properties": {
            "status": {"type": "integer"},
            "message": {"type": "string"},
            "field": {"type": "string", "description": "The request field at fault."}}}
        }
      }
    }
  }
}
"""#
}
