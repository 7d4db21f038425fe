"""Known-answer vectors shared by the signing tests: one vector of each scheme copied from
shared/signing-vectors.json, so these tests run even where the shared folder is absent."""

from __future__ import annotations

from typing import Any

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

# One vector of each scheme copied from shared/signing-vectors.json, so these tests run even
# where the shared folder is absent.
EMBEDDED_V3: dict[str, Any] = {
    "method": "POST",
    "query": {"ContactId": "job 1/2+3*~é測試", "InstanceId": "ccc-test"},
    "headers": {
        "host": "ccc.cn-shanghai.aliyuncs.com",
        "x-acs-action": "GetCallDetailRecord",
        "x-acs-version": "2020-07-01",
        "x-acs-date": "2026-11-25T08:00:00Z",
        "x-acs-signature-nonce": "3ee8c1b883d344afa94f4e0ad82fd6cf",
        "x-acs-security-token": "sts-token-abc",
        "x-acs-content-sha256": EMPTY_SHA256,
    },
    "access_key_id": "LTAI5tExample",
    "access_key_secret": "s3cr3t/+=",
    "authorization": "ACS3-HMAC-SHA256 Credential=LTAI5tExample,SignedHeaders=host;"
    "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
    "x-acs-signature-nonce;x-acs-version,"
    "Signature=67f88524f87a905a2eebc7e39faa88b0a4e0e0b3c8f3d3f044d238b4ff27bdbf",
}
EMBEDDED_RPC: dict[str, Any] = {
    "method": "GET",
    "params": {
        "Timestamp": "2016-02-23T12:46:24Z",
        "Format": "XML",
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "Version": "2014-05-26",
        "SignatureVersion": "1.0",
    },
    "access_key_secret": "testsecret",
    "signature": "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
}
