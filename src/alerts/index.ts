/**
 * The alert model: every alert policy of an environment (`alertPoliciesFor`), how alerts are
 * routed to the platform's notification channels, and the documentation each carries. The
 * `monitoring` stack renders it; the operations docs list it.
 */

export { normalizeQuery, queryCode, responseCodeRatioQuery } from '../query/queries.ts';
export { alertDocumentation, alertFooter } from './documentation.ts';
export {
  type AbsenceAlert,
  ALERT_GROUP_ORDER,
  ALERT_GROUP_TITLES,
  type AlertDocumentation,
  type AlertGroup,
  type AlertKind,
  type AlertPlaceholder,
  type AlertPolicy,
  type AlertResourceKind,
  type AlertText,
  alertTextForDocs,
  type BurnRateAlert,
  type BurnRateWindow,
  isMetricAlert,
  isQueryAlert,
  type LogMetricSpec,
  type MetricCondition,
  type QueryAlert,
  type ThresholdAlert,
  type UptimeCheckSpec,
} from './model.ts';
export {
  BURN_RATE_TIERS,
  type BurnRateTier,
  burnRateThreshold,
  errorBudgetText,
  executionObjectiveGap,
  type ServiceLevelObjective,
  serviceLevelObjectivesFor,
} from './objectives.ts';
export {
  alertPoliciesFor,
  cloudSqlConnectionsThreshold,
  DEFAULT_MAX_CONNECTIONS,
  executionAbsenceMinutes,
  hasExternalUptimeCheck,
  startupLatencyThresholdMs,
} from './policies.ts';
export {
  type AlertRouting,
  channelsForAlert,
  channelsForEnvironment,
  checkPagingRoutes,
  pagingEnabled,
  receives,
  routeAlerts,
} from './routing.ts';
