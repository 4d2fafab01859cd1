#!/usr/bin/env python3
"""Writes CloudTrail NDJSON (SNS Publish calls) where one field has a given number of distinct values.

Each record is an `sns:Publish` to a phone number; `requestParameters.phoneNumber` takes exactly
--distinct values (+44 7700 plus a counter), spread over --records records, and the source IP
address takes as many values again. The same arguments always write the same bytes.
"""
import argparse, os, random, sys

TEMPLATE = (
    '{{"eventVersion":"1.09","userIdentity":{{"type":"IAMUser","principalId":"AIDAVL4VZGGU6VTS0YO31",'
    '"arn":"arn:aws:iam::123456789012:user/otp-sender","accountId":"123456789012",'
    '"accessKeyId":"AKIA3ZHGC6UG9J11TM6K","userName":"otp-sender"}},"eventTime":"{time}",'
    '"eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1",'
    '"sourceIPAddress":"{ip}","userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux api/sns#1.31.3",'
    '"requestParameters":{{"phoneNumber":"{phone}","message":"HIDDEN_DUE_TO_SECURITY_REASONS"}},'
    '"responseElements":{{"messageId":"{mid:08x}-4481-408b-818d-{n:012x}"}},"requestID":"{rid:08x}-0481-4080-8f62-0a2b7b8cd0e8",'
    '"eventID":"{n:08x}-596f-4812-8ce0-ead7bcc33605","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,'
    '"recipientAccountId":"123456789012","eventCategory":"Data"}}\n'
)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="the NDJSON file to write")
    ap.add_argument("--records", type=int, default=2_500_000)
    ap.add_argument("--distinct", type=int, default=1_000_000)
    a = ap.parse_args()
    if a.distinct > 1_000_000 or a.distinct < 1 or a.records < a.distinct:
        sys.exit("make_data: need 1 <= --distinct <= 1,000,000 <= ... and --records >= --distinct")
    rng = random.Random(7)
    # Every value once (so exactly --distinct of them), then repeats drawn at random.
    order = list(range(a.distinct)) + [rng.randrange(a.distinct) for _ in range(a.records - a.distinct)]
    rng.shuffle(order)
    tmp = a.out + ".partial"
    with open(tmp, "w", buffering=1 << 22) as out:
        for n, k in enumerate(order):
            seconds = n * 86400 // a.records
            time = "2026-11-22T%02d:%02d:%02dZ" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
            ip = "10.%d.%d.%d" % (k >> 16 & 255, k >> 8 & 255, k & 255)
            out.write(TEMPLATE.format(time=time, ip=ip, phone="+447700%06d" % k, mid=n * 2654435761 & 0xffffffff,
                                      rid=n * 40503 & 0xffffffff, n=n))
    os.replace(tmp, a.out)

if __name__ == "__main__":
    main()
