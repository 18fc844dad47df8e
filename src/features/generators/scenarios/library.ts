/** The scenario library: every theme, in a stable order (ties in matching go to the earlier theme). */
import { communication, writtenCommunication } from './themes/communication.js';
import { communityEngagement, inclusion } from './themes/community.js';
import { confidentiality, integrity, accountability } from './themes/integrity.js';
import { initiative, learning } from './themes/growth.js';
import { innovation, negotiation } from './themes/influence.js';
import { coaching, leadership } from './themes/leading.js';
import { accuracy, planning, projectDelivery } from './themes/organizing.js';
import { policyApplication, records } from './themes/compliance.js';
import { adaptability, stressTolerance } from './themes/resilience.js';
import { safety, stewardship } from './themes/safety.js';
import { customerService, serviceRecovery } from './themes/service.js';
import { dataLiteracy, troubleshooting } from './themes/technical.js';
import { analysis, decisionMaking, problemSolving } from './themes/thinking.js';
import { conflict, teamwork } from './themes/people.js';
import type { Theme } from './types.js';

export const THEMES: Theme[] = [
  customerService,
  serviceRecovery,
  communication,
  writtenCommunication,
  teamwork,
  conflict,
  problemSolving,
  analysis,
  decisionMaking,
  integrity,
  accountability,
  adaptability,
  planning,
  accuracy,
  troubleshooting,
  records,
  safety,
  leadership,
  coaching,
  negotiation,
  dataLiteracy,
  inclusion,
  innovation,
  initiative,
  stressTolerance,
  learning,
  stewardship,
  policyApplication,
  projectDelivery,
  communityEngagement,
  confidentiality,
];

export function themeByKey(key: string): Theme | undefined {
  return THEMES.find((t) => t.key === key);
}
