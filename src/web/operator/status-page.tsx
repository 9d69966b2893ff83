import { useQuery } from '@tanstack/react-query';
import { Button, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import type { ServiceStatus } from './api-types.ts';
import { formatDateTime, formatDuration, formatTime } from './format.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

const REFRESH_SECONDS = 15;

const DRIVERS: Record<NonNullable<ServiceStatus['database']['driver']>, string> = {
  pglite: 'PGlite (embedded)',
  postgres: 'PostgreSQL server',
};

/** Each service as a card: ok or degraded (said in words), its database, and what it holds. */
export function StatusPage() {
  const { call } = useOperator();
  const status = useQuery({
    queryKey: [OPERATOR_QUERY, 'status'],
    queryFn: ({ signal }) =>
      call<{ services: ServiceStatus[] }>('GET', '/operator/status', { signal }).then((r) => r.services),
    refetchInterval: REFRESH_SECONDS * 1000,
    staleTime: 0,
  });

  return (
    <Page
      title="System status"
      intro={`How each service is doing. Checked every ${REFRESH_SECONDS} seconds while this page is open.`}
      actions={
        <Button onClick={() => status.refetch()} busy={status.isFetching}>
          Check now
        </Button>
      }
    >
      {status.error && (
        <ProblemNotice
          error={status.error}
          title={
            status.data ? 'The last check failed; showing the one before' : 'The status could not be read'
          }
        />
      )}
      {status.data ? (
        <>
          <p className="muted">Last checked at {formatTime(new Date(status.dataUpdatedAt))}</p>
          <ul className="cards service-cards">
            {status.data.map((service) => (
              <ServiceCard key={service.name} service={service} />
            ))}
          </ul>
        </>
      ) : (
        status.isPending && <Loading label="Checking the services" rows={4} />
      )}
    </Page>
  );
}

function ServiceCard({ service }: { service: ServiceStatus }) {
  const ok = service.status === 'ok';
  return (
    <li className={`card service-card ${service.status}`}>
      <div className="service-head">
        <h2 className="service-name">{service.name}</h2>
        <p className={`service-state ${service.status}`}>
          <span aria-hidden="true">{ok ? '✓' : '!'}</span> {ok ? 'OK' : 'Degraded'}
        </p>
      </div>
      {service.issues.length > 0 && (
        <ul className="service-issues">
          {service.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Version</dt>
        <dd>{service.version}</dd>
        <dt>Running for</dt>
        <dd>
          {formatDuration(service.uptimeSeconds)}{' '}
          <span className="muted">(since {formatDateTime(service.startedAt)})</span>
        </dd>
        <dt>Database</dt>
        <dd>
          {service.database.driver ? DRIVERS[service.database.driver] : 'Unknown'}:{' '}
          {service.database.ok ? `answering in ${service.database.latencyMs} ms` : 'not answering'}
        </dd>
        {service.backup && (
          <>
            <dt>Newest backup</dt>
            <dd>
              {service.backup.lastAt ? formatDateTime(service.backup.lastAt) : 'None on this host'}
              {service.backup.maxAgeSeconds !== null && (
                <span className="muted">
                  {' '}
                  (at most {formatDuration(service.backup.maxAgeSeconds)} old expected)
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      {service.counts.length > 0 && (
        <>
          <h3 className="counts-heading">Holds</h3>
          <dl className="counts">
            {service.counts.map((c) => (
              <div key={c.name}>
                <dt>{c.label}</dt>
                <dd>{c.value.toLocaleString()}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </li>
  );
}
