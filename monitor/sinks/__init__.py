"""Where alerts leave Marsad: ``marsad alerts tail`` (a terminal) and the webhook sink.

Both read the alerts topic with their own consumer; an alert is shown or delivered once per
``alert_id`` even when at-least-once delivery repeats it.
"""
