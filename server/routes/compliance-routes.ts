import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CHECKED_MARKETPLACES, marketplacePreset } from '../../src/core/index.ts';
import { complianceReportSchema, errorBody, idParams } from '../api/api-schemas.ts';
import type { ResultCompliance } from '../compliance/result-compliance.ts';
import type { JobService } from '../jobs/job-service.ts';
import { completedJobOrReply } from './completed-job.ts';

/**
 * `GET /api/jobs/:id/compliance?marketplace=amazon`: a completed job's result checked against a marketplace's
 * image rules, `{ marketplace, passed, checks: [{ rule, passed, measured, required }] }`.
 */
export async function registerComplianceRoutes(app: FastifyInstance, deps: { jobs: JobService; compliance: ResultCompliance }): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { marketplace?: string } }>('/api/jobs/:id/compliance', {
    schema: {
      summary: "A completed job's result checked against a marketplace's image rules",
      tags: ['jobs'],
      params: idParams,
      querystring: z.object({ marketplace: z.string().optional().meta({ description: `One of ${CHECKED_MARKETPLACES.join(', ')}` }) }),
      response: { 200: complianceReportSchema, 400: errorBody, 404: errorBody, 409: errorBody },
    },
  }, async (request, reply) => {
    const { marketplace } = request.query;
    const preset = typeof marketplace === 'string' ? marketplacePreset(marketplace) : undefined;
    if (!preset || !CHECKED_MARKETPLACES.includes(preset.id)) {
      const message =
        typeof marketplace !== 'string' || marketplace === ''
          ? `marketplace is required: one of ${CHECKED_MARKETPLACES.join(', ')}`
          : `marketplace must be one of ${CHECKED_MARKETPLACES.join(', ')} (got ${JSON.stringify(marketplace.slice(0, 40))}${preset ? ', which has no image rules' : ''})`;
      return reply.code(400).send({ error: { message, fields: { marketplace: message } } });
    }
    const job = await completedJobOrReply(deps.jobs, request.params.id, reply);
    if (!job) return reply;
    return deps.compliance.check(job, preset);
  });
}
