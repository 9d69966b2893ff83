import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation, useParams, useSearch } from 'wouter';
import { ApiError } from '../../app/api.ts';
import { getPickupPoint, type PickupPoint } from '../../app/delivery.ts';
import { KeyCheckPage, KeySignInPage, useCheckedKey } from '../../app/key-sign-in.tsx';
import { PlaceName } from '../../app/place-name.tsx';
import { NotFoundPage, TerminalNav } from '../../app/shell.tsx';
import { Button, Empty, Field, Loading, Notice, Page, ProblemNotice } from '../../app/ui.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { KIND_NAMES, PointForm } from './point-form.tsx';
import {
  checkOperatorKey,
  createPickupPoint,
  keyRefused,
  listPickupPoints,
  POINTS_QUERY,
  updatePickupPoint,
} from './points-api.ts';
import '../operator.css';

/**
 * Delivery's pickup points, for delivery's operator: served by delivery at /points, so that its
 * operator key is sent to delivery's own origin only (its operator routes are closed to other
 * origins, the market's terminals among them). Stores in Japan are registered as on their sign,
 * with the name's reading in kana and the romaji, which purchasers search and readers of
 * English see.
 */
export default function PickupPointsTerminal() {
  const t = useT();
  const { key, me, endedBecause, signIn, signOut, refusedKey } = useCheckedKey({
    name: 'pickup-operator',
    queryRoot: POINTS_QUERY,
    check: checkOperatorKey,
    refused: keyRefused,
    refusedBecause: t('operator.points.signIn.keyRefused'),
  });

  if (key === null) {
    return (
      <KeySignInPage
        className="operator-terminal"
        title={t('operator.points.title')}
        intro={t('operator.points.signIn.intro')}
        endedBecause={endedBecause}
        label={t('operator.points.signIn.keyLabel')}
        hint={t('operator.points.signIn.keyHint')}
        missing={t('operator.points.signIn.keyMissing')}
        verify={checkOperatorKey}
        refusal={(error) => (keyRefused(error) ? t('operator.signIn.keyRefused') : null)}
        onSignedIn={signIn}
      >
        <p className="muted after-form">
          {t.rich('operator.points.signIn.demo', { code: (chunks) => <code>{chunks}</code> })}
        </p>
      </KeySignInPage>
    );
  }
  if (!me.data)
    return (
      <KeyCheckPage
        className="operator-terminal"
        title={t('operator.points.title')}
        check={me}
        words={{
          checking: t('operator.points.signIn.checking'),
          failed: t('operator.points.signIn.checkFailed'),
        }}
      />
    );
  return (
    <KeyContext.Provider value={{ key, refusedKey }}>
      <div className="operator-terminal">
        <div className="operator-bar">
          <TerminalNav
            label={t('operator.points.nav.label')}
            links={[
              { href: '/', text: t('operator.points.nav.list') },
              { href: '/new', text: t('operator.points.nav.new') },
            ]}
          />
          <Button variant="link" onClick={() => signOut(null)}>
            {t('operator.signOut')}
          </Button>
        </div>
        {/* Not /pickup-points or /operator: those paths are delivery's API. */}
        <Switch>
          <Route path="/" component={PointsListPage} />
          <Route path="/new" component={PointCreatePage} />
          <Route path="/:code" component={PointEditPage} />
          <Route>
            <NotFoundPage intro={t('operator.points.notFound')} href="/">
              {t('operator.points.back')}
            </NotFoundPage>
          </Route>
        </Switch>
      </div>
    </KeyContext.Provider>
  );
}

const KeyContext = createContext<{ key: string; refusedKey(error: unknown): boolean } | null>(null);
function useKey() {
  const session = useContext(KeyContext);
  if (!session) throw new Error('useKey outside the signed-in pickup-point pages');
  return session;
}

const listKey = (text: string) => [POINTS_QUERY, 'list', text] as const;
const pointKey = (code: string) => [POINTS_QUERY, 'point', code] as const;

/** Every pickup point, closed ones too, found by the search purchasers use. */
function PointsListPage() {
  const t = useT();
  const { key, refusedKey } = useKey();
  const [text, setText] = useState('');
  const [searched, setSearched] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearched(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const points = useQuery({
    queryKey: listKey(searched),
    queryFn: ({ signal }) => listPickupPoints(key, searched, signal),
    placeholderData: keepPreviousData,
  });
  if (refusedKey(points.error)) return null;

  return (
    <Page
      title={t('operator.points.title')}
      intro={t('operator.points.intro')}
      actions={
        <Link href="/new" className="button primary">
          {t('operator.points.nav.new')}
        </Link>
      }
    >
      <Field label={t('operator.points.search')} hint={t('operator.points.searchHint')}>
        {(control) => (
          <input {...control} type="search" value={text} onChange={(e) => setText(e.target.value)} />
        )}
      </Field>
      <ProblemNotice error={points.error} title={t('operator.points.readFailed')} />
      {points.isPending && <Loading label={t('operator.points.loading')} />}
      {points.data?.length === 0 && <Empty title={t('operator.points.empty')} />}
      {points.data && points.data.length > 0 && (
        <>
          <p className="muted" role="status">
            {t('operator.points.count', { count: points.data.length })}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('operator.points.table.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('operator.points.field.code')}</th>
                  <th scope="col">{t('operator.points.field.name')}</th>
                  <th scope="col">{t('operator.points.field.kind')}</th>
                  <th scope="col">{t('operator.points.table.state')}</th>
                </tr>
              </thead>
              <tbody>
                {points.data.map((p) => (
                  <PointRow key={p.code} point={p} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

function PointRow(props: { point: PickupPoint }) {
  const t = useT();
  const { point } = props;
  return (
    <tr>
      <th scope="row">
        <Link href={`/${point.code}`} className="mono">
          {point.code}
        </Link>
      </th>
      <td>
        <PlaceName point={point} />
      </td>
      <td>{t(KIND_NAMES[point.kind])}</td>
      <td>{point.active ? t('operator.points.state.open') : t('operator.points.state.closed')}</td>
    </tr>
  );
}

function PointCreatePage() {
  const t = useT();
  const { key } = useKey();
  const queries = useQueryClient();
  const [, navigate] = useLocation();
  const create = useMutation({
    mutationFn: (body: Parameters<typeof createPickupPoint>[1]) => createPickupPoint(key, body),
    onSuccess: (point) => {
      queries.setQueryData(pointKey(point.code), point);
      void queries.invalidateQueries({ queryKey: [POINTS_QUERY, 'list'] });
      navigate(`/${point.code}?saved=created`);
    },
  });
  return (
    <Page title={t('operator.points.new.title')} intro={t('operator.points.new.intro')}>
      <PointForm
        save={({ active: _, ...body }) => create.mutateAsync(body)}
        busy={create.isPending}
        submitLabel={t('operator.points.new.submit')}
      />
    </Page>
  );
}

function PointEditPage() {
  const t = useT();
  const { key, refusedKey } = useKey();
  const { code = '' } = useParams<{ code: string }>();
  const search = new URLSearchParams(useSearch());
  const queries = useQueryClient();
  const [saved, setSaved] = useState<'created' | 'updated' | null>(
    search.get('saved') === 'created' ? 'created' : null,
  );
  const point = useQuery({
    queryKey: pointKey(code),
    queryFn: ({ signal }) => getPickupPoint('', code, signal),
    retry: false,
  });
  const update = useMutation({
    mutationFn: ({ code: _, ...body }: Parameters<typeof createPickupPoint>[1] & { active: boolean }) =>
      updatePickupPoint(key, code, body),
    onSuccess: (changed) => {
      queries.setQueryData(pointKey(code), changed);
      void queries.invalidateQueries({ queryKey: [POINTS_QUERY, 'list'] });
      setSaved('updated');
    },
    onError: (error) => refusedKey(error),
  });

  const title = t('operator.points.edit.title', { code });
  if (point.error) {
    return (
      <Page title={title}>
        {point.error instanceof ApiError && point.error.status === 404 ? (
          <Empty title={t('operator.points.edit.notFound', { code })}>
            <p>
              <Link href="/">{t('operator.points.back')}</Link>
            </p>
          </Empty>
        ) : (
          <ProblemNotice error={point.error} title={t('operator.points.readFailed')} />
        )}
      </Page>
    );
  }
  if (!point.data) {
    return (
      <Page title={title}>
        <Loading label={t('operator.points.loading')} />
      </Page>
    );
  }
  return (
    <Page title={title} intro={<PlaceName point={point.data} />}>
      {saved && (
        <Notice tone="success">
          {saved === 'created' ? t('operator.points.saved.created') : t('operator.points.saved.updated')}
        </Notice>
      )}
      {/* Keyed by the point as saved, so the form starts again from what delivery now holds. */}
      <PointForm
        key={`${point.data.code}-${JSON.stringify(point.data)}`}
        point={point.data}
        save={(body) => {
          setSaved(null);
          return update.mutateAsync(body);
        }}
        busy={update.isPending}
        submitLabel={t('operator.points.edit.submit')}
      />
      <p>
        <Link href="/">{t('operator.points.back')}</Link>
      </p>
    </Page>
  );
}
