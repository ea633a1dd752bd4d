#!/bin/sh
# Creates Marsad's topics with their partition count and retention (the one-shot `kafka-init`
# service of docker-compose.yml runs it in the apache/kafka image). Idempotent: existing topics
# are left alone. It never raises the partition count of an existing topic: keyed topics would
# send a key to another partition and split one incident's state; do that by hand, see
# docs/operations.md.
#
# Environment: BOOTSTRAP (kafka:9092), PREFIX (marsad.), PARTITIONS (6), REPLICATION (1),
# and RETENTION_<TOPIC>_MS to override one retention.
set -eu

BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
PREFIX="${PREFIX:-marsad.}"
PARTITIONS="${PARTITIONS:-6}"
REPLICATION="${REPLICATION:-1}"
TOPICS_CMD="${TOPICS_CMD:-/opt/kafka/bin/kafka-topics.sh}"

DAY_MS=86400000

create() {  # name retention_ms
    echo "topic ${PREFIX}$1: partitions=${PARTITIONS} retention.ms=$2"
    "$TOPICS_CMD" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
        --topic "${PREFIX}$1" --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
        --config "retention.ms=$2" --config cleanup.policy=delete
}

# Every topic of monitor.settings.Topics (a test checks this list against it).
create news.raw "${RETENTION_NEWS_RAW_MS:-$((7 * DAY_MS))}"
create news.analysed "${RETENTION_NEWS_ANALYSED_MS:-$((30 * DAY_MS))}"
create alerts "${RETENTION_ALERTS_MS:-$((365 * DAY_MS))}"
create deadletter "${RETENTION_DEADLETTER_MS:-$((30 * DAY_MS))}"
# Internal re-keying topic: only needs to outlive a worker outage.
create incidents.route "${RETENTION_INCIDENTS_ROUTE_MS:-$((7 * DAY_MS))}"
echo "topics ready"
