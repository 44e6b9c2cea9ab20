// Alerts to one action group: function failures (Application Insights failed requests), and a
// nightly sweep that has not completed by a configured hour (a log query over the sweep's
// completion log, which shared/telemetry writes as `sweep <id> succeeded|failed`). Event Grid
// dead-letters and failed deliveries are alerted on each system topic (infra/app/events-topics.bicep).

param location string = resourceGroup().location
param tags object = {}
param resourceToken string
param applicationInsightsId string
@description('E-mail addresses the action group notifies; empty leaves it without receivers (add them in the portal).')
param alertEmailAddresses array
@description('Hour (UTC, 0-23) by which the night\'s sweep must have completed.')
@minValue(0)
@maxValue(23)
param sweepDeadlineHourUtc int

module actionGroup 'br/public:avm/res/insights/action-group:0.8.0' = {
  name: 'ailz-action-group'
  params: {
    name: 'ag-ailz-${resourceToken}'
    groupShortName: 'ailz'
    tags: tags
    emailReceivers: [
      for (address, i) in alertEmailAddresses: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

module functionFailures 'br/public:avm/res/insights/metric-alert:0.4.1' = {
  name: 'ailz-alert-function-failures'
  params: {
    name: 'alert-ailz-function-failures-${resourceToken}'
    alertDescription: 'ailz function invocations failed (Application Insights failed requests).'
    tags: tags
    severity: 2
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allof: [
        {
          name: 'failed-requests'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      actionGroup.outputs.resourceId
    ]
  }
}

// Evaluated hourly over the day so far: fires from the deadline on while no sweep succeeded today.
module sweepMissing 'br/public:avm/res/insights/scheduled-query-rule:0.6.0' = {
  name: 'ailz-alert-sweep-missing'
  params: {
    name: 'alert-ailz-sweep-missing-${resourceToken}'
    location: location
    alertDescription: 'No ailz sweep completed today by ${sweepDeadlineHourUtc}:00 UTC.'
    tags: tags
    severity: 2
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    criterias: {
      allOf: [
        {
          query: 'let deadline = startofday(now()) + ${sweepDeadlineHourUtc}h; traces | where timestamp >= startofday(now()) | where tostring(customDimensions.event) == "sweep" and tostring(customDimensions.outcome) == "succeeded" | summarize completed = count() | where now() >= deadline and completed == 0'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroupResourceIds: [
        actionGroup.outputs.resourceId
      ]
    }
  }
}

output actionGroupId string = actionGroup.outputs.resourceId
