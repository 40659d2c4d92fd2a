"""Oracle: sign `data` objects exactly as the official dg-sdk 2.0.28 does.

Usage: python dg_sdk_sign.py PRIVATE_KEY_FILE < cases.jsonl > results.jsonl
Each input line is the JSON text of one `data` object; each output line is
{"canonical": <the string dg-sdk signs>, "sign": <its base64 signature>} or {"error": ...}.
The signature comes from the SDK's own request builder (ApiRequest._build_request_info), not a copy of it.
"""
import json
import sys

from dg_sdk.core.api_request import ApiRequest
from dg_sdk.core.param_handler import pop_empty_value, sort_dict


def main():
    key = open(sys.argv[1], encoding="utf-8").read().strip()
    ApiRequest.private_key = key
    ApiRequest.public_key = ""
    ApiRequest.sys_id = "6666000108854952"
    ApiRequest.product_id = "YYZY"
    ApiRequest.need_sign = True
    ApiRequest.sign_type = "RSA"
    ApiRequest.jpt_x_skill_source = ""
    ApiRequest.sdk_version = "2.0.28"
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        try:
            params = json.loads(line)
            _, body = ApiRequest._build_request_info("https://api.huifu.com/v2/x", params, None)
            canonical = json.dumps(sort_dict(pop_empty_value(params)), ensure_ascii=False, separators=(",", ":"))
            out.write(json.dumps({"canonical": canonical, "sign": body["sign"]}) + "\n")
        except Exception as e:  # report, the Rust side fails the case
            out.write(json.dumps({"error": repr(e)}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
