"""Delivery to receiving systems, reliable as MedCom does it (issue 12 section 1): signed
messages, an application acknowledgement per message, resends within limits, then an alarm."""
