#!/usr/bin/env bash
# Copies the screenshots the browser tests just took (tests/screenshots/, after
# `bash scripts/test.sh` or a browser test run) to the ones docs/screenshots/README.md
# shows, under their published names. A screenshot the last run did not take is left as
# it was, and named.
#   bash scripts/refresh_screenshots.sh [tests/screenshots]
set -euo pipefail
cd "$(dirname "$0")/.."
from=${1:-tests/screenshots}
missing=0
while read -r taken published; do
  [ -z "$taken" ] && continue
  if [ -f "$from/$taken.png" ]; then
    cp "$from/$taken.png" "docs/screenshots/$published.png"
  else
    echo "not taken by the last run: $taken (docs/screenshots/$published.png left as it was)"
    missing=1
  fi
done <<'MAP'
field_app_01_enroll phone-01-enroll
field_app_02_enrolled phone-02-enrolled
field_app_15_enroll_wrong_code phone-03-enroll-wrong-code
field_app_16_home_next_dialogue phone-04-home
field_app_06_home_offline phone-05-home-offline
field_app_04_petition_form_errors phone-06-petition-form-errors
field_app_30_possible_duplicate phone-07-possible-duplicate
field_app_25_petitions_list phone-08-petitions
field_app_26_petitions_filtered phone-09-petitions-filtered
field_app_08_petition_answered phone-10-petition-answered
field_app_27_petition_rejected phone-11-petition-rejected
field_app_18_dialogue_list phone-12-dialogue
field_app_17_group_meeting phone-13-group-meeting
field_app_13_campaign_after_receipt phone-14-campaign
field_app_14_campaigns phone-15-campaigns
field_app_20_sync_offline phone-16-sync-offline
field_app_28_sync_rejected phone-17-sync-rejected
field_app_21_settings phone-18-settings
field_app_23_home_english phone-19-home-english
field_app_32_sync_conflict phone-20-sync-conflict
field_app_31_desktop_home desktop-home
console-inbox console-inbox
console-petition console-petition
console-conflict console-conflict
console-dialogue console-dialogue
console-campaigns console-campaigns
console-campaign console-campaign
console-report-monthly console-report-monthly
console-devices console-devices
console-audit console-audit
MAP
exit $missing
