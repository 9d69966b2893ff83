import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button, Loading, Page, ProblemNotice } from '../app/ui.tsx';
import { activeLocale, type MessageId, useT } from '../i18n/i18n.tsx';
import type { ServiceStatus } from './api-types.ts';
import { formatDateTime, formatDuration, formatTime } from './format.ts';
import { OPERATOR_QUERY, useOperator } from './operator-session.tsx';

const REFRESH_SECONDS = 15;

const DRIVERS: Record<NonNullable<ServiceStatus['database']['driver']>, MessageId> = {
  pglite: 'operator.status.driver.pglite',
  postgres: 'operator.status.driver.postgres',
};

/** Each service as a card: ok or degraded (said in words), its database, and what it holds. */
export function StatusPage() {
  const { call } = useOperator();
  const t = useT();
  const status = useQuery({
    queryKey: [OPERATOR_QUERY, 'status'],
    queryFn: ({ signal }) =>
      call<{ services: ServiceStatus[] }>('GET', '/operator/status', { signal }).then((r) => r.services),
    refetchInterval: REFRESH_SECONDS * 1000,
    staleTime: 0,
  });

  return (
    <Page
      title={t('operator.status.title')}
      intro={t('operator.status.intro', { seconds: REFRESH_SECONDS })}
      actions={
        <Button onClick={() => status.refetch()} busy={status.isFetching}>
          {t('operator.status.checkNow')}
        </Button>
      }
    >
      {status.error && (
        <ProblemNotice
          error={status.error}
          title={status.data ? t('operator.status.checkFailed') : t('operator.status.readFailed')}
        />
      )}
      {status.data ? (
        <>
          <p className="muted">
            {t('operator.status.lastChecked', { time: formatTime(new Date(status.dataUpdatedAt)) })}
          </p>
          <ul className="cards service-cards">
            {status.data.map((service) => (
              <ServiceCard key={service.name} service={service} />
            ))}
          </ul>
        </>
      ) : (
        status.isPending && <Loading label={t('operator.status.checking')} rows={4} />
      )}
    </Page>
  );
}

function ServiceCard({ service }: { service: ServiceStatus }) {
  const ok = service.status === 'ok';
  const t = useT();
  const muted = (chunks: ReactNode[]) => <span className="muted">{chunks}</span>;
  const driver = service.database.driver
    ? t(DRIVERS[service.database.driver])
    : t('operator.status.driver.unknown');
  return (
    <li className={`card service-card ${service.status}`}>
      <div className="service-head">
        <h2 className="service-name">{service.name}</h2>
        <p className={`service-state ${service.status}`}>
          <span aria-hidden="true">{ok ? '✓' : '!'}</span>{' '}
          {ok ? t('operator.status.ok') : t('operator.status.degraded')}
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
        <dt>{t('operator.status.version')}</dt>
        <dd>{service.version}</dd>
        <dt>{t('operator.status.runningFor')}</dt>
        <dd>
          {t.rich('operator.status.uptime', {
            duration: formatDuration(service.uptimeSeconds, t),
            since: formatDateTime(service.startedAt),
            muted,
          })}
        </dd>
        <dt>{t('operator.status.database')}</dt>
        <dd>
          {service.database.ok
            ? t('operator.status.databaseAnswering', { driver, ms: String(service.database.latencyMs) })
            : t('operator.status.databaseNotAnswering', { driver })}
        </dd>
        {service.backup && (
          <>
            <dt>{t('operator.status.newestBackup')}</dt>
            <dd>
              {service.backup.lastAt ? formatDateTime(service.backup.lastAt) : t('operator.status.noBackup')}
              {service.backup.maxAgeSeconds !== null && (
                <span className="muted">
                  {' '}
                  {t('operator.status.backupExpected', {
                    duration: formatDuration(service.backup.maxAgeSeconds, t),
                  })}
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      {service.counts.length > 0 && (
        <>
          <h3 className="counts-heading">{t('operator.status.holds')}</h3>
          <dl className="counts">
            {service.counts.map((c) => (
              <div key={c.name}>
                <dt>{c.label}</dt>
                <dd>{c.value.toLocaleString(activeLocale())}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </li>
  );
}
