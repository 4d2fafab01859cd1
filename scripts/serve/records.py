"""CloudTrail records for the serve proof scripts, in the shape CloudTrail writes them.

Background traffic is what an account that texts its customers logs: SNS Publish calls by an
order-notification Lambda role to scattered numbers in several countries, with the occasional
SMS attribute read, STS call and console sign-in. A campaign is what a stolen key does: SNS
Publish calls from one IAM user to consecutive numbers of one block, the pattern the
sequential-block rule finds.
"""
import datetime
import json
import random
import uuid

ACCOUNT = "123456789012"

NOTIFIER = {
    "type": "AssumedRole",
    "principalId": "AROA4EXAMPLEN0TIFIER:order-sms-notifier",
    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/order-sms-notifier/order-sms-notifier",
    "accountId": ACCOUNT,
    "accessKeyId": "ASIA4EXAMPLEN0TIFIER",
    "sessionContext": {
        "sessionIssuer": {
            "type": "Role",
            "principalId": "AROA4EXAMPLEN0TIFIER",
            "arn": f"arn:aws:iam::{ACCOUNT}:role/order-sms-notifier",
            "accountId": ACCOUNT,
            "userName": "order-sms-notifier",
        },
        "attributes": {"creationDate": "2026-11-27T06:00:00Z", "mfaAuthenticated": "false"},
    },
}

# Customer numbers: US, UK, German and French mobiles, spread wide so that no block fills up.
CUSTOMER_PREFIXES = [("+1", 10), ("+447", 9), ("+4915", 9), ("+336", 8)]


def iso(t: float) -> str:
    """`t` (epoch seconds) as CloudTrail writes eventTime."""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def attacker(name: str) -> dict:
    """The identity of a leaked IAM user key named `name`."""
    key = "AKIA" + uuid.uuid5(uuid.NAMESPACE_DNS, name).hex[:16].upper()
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:17].upper(),
        "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
        "accountId": ACCOUNT,
        "accessKeyId": key,
        "userName": name,
    }


def sns_publish(event_id: str, t: float, number: str, identity: dict, source_ip: str, user_agent: str) -> dict:
    """An SNS Publish of a text to `number`, as CloudTrail records it (a data event)."""
    return {
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": iso(t),
        "eventSource": "sns.amazonaws.com",
        "eventName": "Publish",
        "awsRegion": "us-east-1",
        "sourceIPAddress": source_ip,
        "userAgent": user_agent,
        "requestParameters": {"phoneNumber": number, "message": "HIDDEN_DUE_TO_SECURITY_REASONS"},
        "responseElements": {"messageId": str(uuid.uuid4())},
        "requestID": str(uuid.uuid4()),
        "eventID": event_id,
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": False,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Data",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "sns.us-east-1.amazonaws.com"},
    }


def customer_number(rng: random.Random) -> str:
    prefix, digits = rng.choice(CUSTOMER_PREFIXES)
    if prefix == "+1":
        return "+1" + str(rng.randint(201, 989)) + str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(digits))


def background(rng: random.Random, event_id: str, t: float) -> dict:
    """One record of ordinary traffic."""
    roll = rng.random()
    if roll < 0.88:
        return sns_publish(
            event_id, t, customer_number(rng), NOTIFIER, "3.236.14.201", "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux exec-env/AWS_Lambda_python3.12"
        )
    if roll < 0.94:
        record = {
            "eventVersion": "1.09",
            "userIdentity": NOTIFIER,
            "eventTime": iso(t),
            "eventSource": "sns.amazonaws.com",
            "eventName": "GetSMSAttributes",
            "awsRegion": "us-east-1",
            "sourceIPAddress": "3.236.14.201",
            "userAgent": "Boto3/1.35.36 md/Botocore#1.35.36 exec-env/AWS_Lambda_python3.12",
            "requestParameters": {"attributes": ["MonthlySpendLimit", "DefaultSMSType"]},
            "responseElements": None,
        }
    elif roll < 0.98:
        record = {
            "eventVersion": "1.08",
            "userIdentity": NOTIFIER,
            "eventTime": iso(t),
            "eventSource": "sts.amazonaws.com",
            "eventName": "GetCallerIdentity",
            "awsRegion": "us-east-1",
            "sourceIPAddress": "3.236.14.201",
            "userAgent": "aws-cli/2.18.17 Python/3.12.6 Linux/6.1 exe/x86_64.amzn.2023",
            "requestParameters": None,
            "responseElements": None,
        }
    else:
        record = {
            "eventVersion": "1.08",
            "userIdentity": {
                "type": "IAMUser",
                "principalId": "AIDA4EXAMPLEOPSADMIN",
                "arn": f"arn:aws:iam::{ACCOUNT}:user/ops-admin",
                "accountId": ACCOUNT,
                "userName": "ops-admin",
            },
            "eventTime": iso(t),
            "eventSource": "signin.amazonaws.com",
            "eventName": "ConsoleLogin",
            "awsRegion": "us-east-1",
            "sourceIPAddress": "198.51.100.23",
            "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "requestParameters": None,
            "responseElements": {"ConsoleLogin": "Success"},
            "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"},
        }
    record.update(
        {
            "requestID": str(uuid.uuid4()),
            "eventID": event_id,
            "readOnly": True,
            "eventType": "AwsApiCall" if record["eventName"] != "ConsoleLogin" else "AwsConsoleSignIn",
            "managementEvent": True,
            "recipientAccountId": ACCOUNT,
            "eventCategory": "Management",
        }
    )
    return record


def campaign_number(block: str, i: int) -> str:
    """The `i`th number (0 to 99) of a block given by every digit but the last two."""
    return f"{block}{i:02d}"


def campaign_publish(event_id: str, t: float, block: str, i: int, name: str, source_ip: str) -> dict:
    """The `i`th text of a campaign walking through `block` with the key of `name`."""
    return sns_publish(event_id, t, campaign_number(block, i), attacker(name), source_ip, "aws-cli/2.15.30 Python/3.11.8 Linux/5.15.0 exe/x86_64.ubuntu.22 prompt/off command/sns.publish")


def ndjson(records) -> bytes:
    return ("\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n").encode()
