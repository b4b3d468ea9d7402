"""A real SMTP server on loopback for the email tests (aiosmtpd).

Usage: smtp_sink.py PORT FILE. Every message received is appended to FILE as one JSON
line with its recipients, subject, top-level content type and decoded MIME parts.
"""
import email
import json
import sys
import time
from email import policy

from aiosmtpd.controller import Controller


class Save:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            text = part.get_content() if part.get_content_maintype() == "text" else ""
            parts.append({
                "type": part.get_content_type(),
                "filename": part.get_filename(),
                "text": text,
            })
        record = {
            "to": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "subject": str(msg["subject"]),
            "content_type": msg.get_content_type(),
            "parts": parts,
        }
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Save(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
