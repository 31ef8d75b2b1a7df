#!/usr/bin/env python3
"""Python baseline for the leak throughput benchmark.

Reads an mbox with the standard library only (mailbox.mbox and email with
policy=default), takes the text/plain body of each message (else its HTML
with tags stripped by regex), drops quoted history, and counts matches of
about 30 compiled buying-signal regexes in English and French.

Usage: python3 bench/peer.py FILE.mbox
Prints one JSON object: messages, messagesWithHits, hits and byRule.
"""

import email
import email.policy
import html
import json
import mailbox
import re
import sys

# (rule id, pattern). Compiled once at start-up, matched case-insensitively.
RULE_PATTERNS = [
    ("en-expansion-adding-users", r"\b(?:considering|planning|thinking about) adding (?:\d+ )?(?:users|seats|licen[cs]es)\b"),
    ("en-expansion-more-seats", r"\b(?:need|want) (?:\d+ )?(?:more|additional|extra) (?:seats|users|licen[cs]es)\b"),
    ("en-expansion-roll-out", r"\broll (?:this|it) out to (?:another|more|\d+)\b"),
    ("en-upgrade-enterprise", r"\btell me (?:more )?about your enterprise plan\b"),
    ("en-upgrade-cost", r"\bwhat would it cost to upgrade\b"),
    ("en-upgrade-plan", r"\bupgrade to the \w+ (?:plan|tier)\b"),
    ("en-pricing-volume", r"\bdo you offer volume discounts\b"),
    ("en-pricing-annual", r"\bdiscount if we pay annually\b"),
    ("en-pricing-send", r"\bsend (?:over|us) (?:the )?pricing\b"),
    ("en-quote-send", r"\bsend (?:us|me) a quote\b"),
    ("en-quote-request", r"\b(?:request|need) a (?:quote|quotation)\b"),
    ("en-demo-like", r"\bwould like a demo\b"),
    ("en-demo-book", r"\b(?:schedule|book|arrange) a demo\b"),
    ("en-churn-cancel", r"\bthinking of cancell?ing\b"),
    ("en-churn-evaluating", r"\bevaluating other (?:vendors|tools|solutions)\b"),
    ("en-churn-terminate", r"\b(?:terminate|end) our (?:contract|subscription)\b"),
    ("fr-expansion-ajouter", r"\benvisageons d'ajouter (?:\d+ |des )?(?:utilisateurs|licences|postes)\b"),
    ("fr-expansion-supplementaires", r"\b\d+ (?:licences|utilisateurs|postes) suppl[ée]mentaires\b"),
    ("fr-upgrade-enterprise", r"\bparler de vos offres enterprise\b"),
    ("fr-upgrade-passer", r"\bpasser [àa] l'offre \w+\b"),
    ("fr-pricing-volume", r"\bproposez-vous des remises sur (?:le )?volume\b"),
    ("fr-pricing-annuel", r"\bremise en cas de paiement annuel\b"),
    ("fr-pricing-tarifs", r"\btransmettre vos tarifs\b"),
    ("fr-quote-devis", r"\benvoyer un devis\b"),
    ("fr-quote-demande", r"\bdemande de devis\b"),
    ("fr-demo-aimerions", r"\baimerions une d[ée]monstration\b"),
    ("fr-demo-organiser", r"\b(?:organiser|planifier) une d[ée]mo(?:nstration)?\b"),
    ("fr-churn-resilier", r"\bpensons r[ée]silier\b"),
    ("fr-churn-concurrentes", r"\b[ée]tudions des solutions concurrentes\b"),
    ("fr-churn-arreter", r"\barr[êe]ter notre abonnement\b"),
]

RULES = [(rule_id, re.compile(pattern, re.IGNORECASE)) for rule_id, pattern in RULE_PATTERNS]

HIDDEN_HTML = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
BLOCKQUOTE = re.compile(r"<blockquote\b.*?</blockquote\s*>", re.IGNORECASE | re.DOTALL)
BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
QUOTED_LINE = re.compile(r"^>.*$", re.MULTILINE)
ATTRIBUTION = re.compile(r"^(?:On .{5,200} wrote:|Le .{5,200} a [ée]crit ?:)\s*$", re.MULTILINE)
WHITESPACE = re.compile(r"\s+")


def parse_message(file):
    return email.message_from_binary_file(file, policy=email.policy.default)


def strip_html(markup):
    markup = HIDDEN_HTML.sub(" ", markup)
    markup = BLOCKQUOTE.sub(" ", markup)
    markup = BLOCK_TAG.sub("\n", markup)
    return html.unescape(TAG.sub(" ", markup))


def decoded_text(part):
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError):
        # Unknown charset or undecodable bytes: keep what UTF-8 can read.
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def new_text(message):
    """Return the message's own text: preferred body, quotes and history removed."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = decoded_text(part)
    if not isinstance(text, str):
        return ""
    if part.get_content_type() == "text/html":
        text = strip_html(text)
    attribution = ATTRIBUTION.search(text)
    if attribution is not None:
        text = text[: attribution.start()]
    text = QUOTED_LINE.sub(" ", text)
    return WHITESPACE.sub(" ", text.replace("\u2019", "'"))


def count_hits(path):
    by_rule = {rule_id: 0 for rule_id, _ in RULES}
    messages = 0
    with_hits = 0
    for message in mailbox.mbox(path, factory=parse_message, create=False):
        messages += 1
        text = new_text(message)
        found = 0
        for rule_id, pattern in RULES:
            count = len(pattern.findall(text))
            by_rule[rule_id] += count
            found += count
        if found > 0:
            with_hits += 1
    return {
        "messages": messages,
        "messagesWithHits": with_hits,
        "hits": sum(by_rule.values()),
        "byRule": {rule_id: count for rule_id, count in sorted(by_rule.items()) if count > 0},
    }


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 bench/peer.py FILE.mbox\n")
        return 2
    result = count_hits(argv[1])
    sys.stdout.write(json.dumps(result, sort_keys=True, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
