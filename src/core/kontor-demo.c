/* kontor-demo.c
 *
 * Fills a database with data that looks like a real small sales team's:
 * companies with contacts, leads from every source, deals spread over every
 * stage with a stage history, activities, products and invoices. Names are
 * Russian for a Russian-speaking user and English otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kontor-activity.h"
#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-deal.h"
#include "kontor-demo.h"
#include "kontor-invoice.h"
#include "kontor-invoice-line.h"
#include "kontor-lead.h"
#include "kontor-product.h"
#include "kontor-error.h"
#include "kontor-repository-private.h"

typedef struct
{
  KontorRepository *repository;
  GRand            *rand;
  guint             n_records;
  gboolean          russian;
  GArray           *companies;
  GArray           *contacts;
  GArray           *products;
  GArray           *deals;
  GPtrArray        *stages;     /* KontorEntity of the default pipeline */
} Demo;

static const char * const ru_first_m[] = { "Иван", "Алексей", "Дмитрий", "Сергей", "Андрей",
  "Михаил", "Николай", "Павел", "Артём", "Олег", "Владимир", "Константин" };
static const char * const ru_first_f[] = { "Анна", "Мария", "Елена", "Ольга", "Наталья",
  "Татьяна", "Ирина", "Екатерина", "Светлана", "Юлия", "Дарья", "Ксения" };
static const char * const ru_last[] = { "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев",
  "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Лебедев",
  "Козлов", "Егоров", "Орлов" };
static const char * const ru_middle_m[] = { "Иванович", "Петрович", "Сергеевич",
  "Александрович", "Дмитриевич", "Николаевич" };
static const char * const ru_middle_f[] = { "Ивановна", "Петровна", "Сергеевна",
  "Александровна", "Дмитриевна", "Николаевна" };
static const char * const ru_company_stem[] = { "Альфа", "Вектор", "Северсталь", "Техноком",
  "Гарант", "Меридиан", "Стройинвест", "Агроплюс", "Логистик", "Промсервис", "Оптима",
  "Сибирь", "Волга", "Балтика", "Энергия", "Ресурс" };
static const char * const ru_company_form[] = { "ООО", "АО", "ИП", "ПАО" };
static const char * const ru_positions[] = { "Генеральный директор", "Коммерческий директор",
  "Менеджер по закупкам", "Главный бухгалтер", "Руководитель отдела", "Инженер" };
static const char * const ru_industries[] = { "Производство", "Торговля", "Строительство",
  "Логистика", "ИТ", "Сельское хозяйство" };
static const char * const ru_managers[] = { "Анна Соколова", "Пётр Орлов", "Мария Лебедева",
  "Игорь Волков" };
static const char * const ru_deal_words[] = { "Поставка оборудования", "Внедрение CRM",
  "Сервисный контракт", "Лицензии на год", "Обучение персонала", "Поставка материалов",
  "Аудит", "Расширение договора" };
static const char * const ru_products[] = { "Лицензия «Стандарт»", "Лицензия «Профи»",
  "Внедрение", "Обучение (час)", "Техподдержка (месяц)", "Сервер", "Ноутбук",
  "Монтаж", "Консультация", "Доставка" };
static const char * const ru_cities[] = { "Москва", "Санкт-Петербург", "Казань",
  "Екатеринбург", "Новосибирск", "Нижний Новгород" };

static const char * const en_first_m[] = { "James", "John", "Robert", "Michael", "David",
  "William", "Thomas", "Daniel", "Mark", "Paul", "George", "Peter" };
static const char * const en_first_f[] = { "Mary", "Linda", "Susan", "Emily", "Sarah",
  "Laura", "Anna", "Emma", "Olivia", "Kate", "Helen", "Grace" };
static const char * const en_last[] = { "Smith", "Johnson", "Brown", "Taylor", "Miller",
  "Wilson", "Moore", "Clark", "Walker", "Hall", "Young", "King", "Wright", "Scott",
  "Green", "Baker" };
static const char * const en_company_stem[] = { "Northwind", "Contoso", "Blue Harbor",
  "Summit", "Evergreen", "Ironbridge", "Brightline", "Redwood", "Atlas", "Pioneer",
  "Crescent", "Silverline", "Granite", "Horizon", "Maple", "Orion" };
static const char * const en_company_form[] = { "LLC", "Inc.", "Ltd", "GmbH" };
static const char * const en_positions[] = { "CEO", "Head of Sales", "Purchasing Manager",
  "CFO", "Operations Manager", "Engineer" };
static const char * const en_industries[] = { "Manufacturing", "Retail", "Construction",
  "Logistics", "IT", "Agriculture" };
static const char * const en_managers[] = { "Anna Sokolova", "Peter Orlov", "Maria Lebedeva",
  "Igor Volkov" };
/* As the board seeds them (kontor-board.c), in the language of the demo */
static const char * const en_loss_reasons[] = { "Price too high", "Chose a competitor",
  "No budget", "No answer from the client" };
static const char * const ru_loss_reasons[] = { "Слишком высокая цена",
  "Клиент выбрал конкурента", "Нет бюджета", "Клиент не отвечает" };
static const char * const en_deal_words[] = { "Equipment supply", "CRM rollout",
  "Service contract", "Annual licences", "Staff training", "Materials supply", "Audit",
  "Contract extension" };
static const char * const en_products[] = { "Standard licence", "Pro licence",
  "Implementation", "Training (hour)", "Support (month)", "Server", "Laptop",
  "Installation", "Consulting", "Delivery" };
static const char * const en_cities[] = { "London", "Manchester", "Berlin", "New York",
  "Toronto", "Dublin" };

static const char * const lead_sources[] = { "call", "email", "web_form", "social", "visit",
  "partner", "other" };
static const char * const lead_statuses[] = { "new", "new", "in_progress", "in_progress",
  "processed", "junk" };
static const char * const activity_kinds[] = { "call", "email", "meeting", "task" };

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])
#define LANG(demo, name) ((demo)->russian ? PICK (demo, ru_##name) : PICK (demo, en_##name))

static char *
make_phone (Demo *demo)
{
  if (demo->russian)
    return g_strdup_printf ("+7 (9%02d) %03d-%02d-%02d",
                            g_rand_int_range (demo->rand, 0, 100),
                            g_rand_int_range (demo->rand, 0, 1000),
                            g_rand_int_range (demo->rand, 0, 100),
                            g_rand_int_range (demo->rand, 0, 100));

  return g_strdup_printf ("+1 (%03d) 555-%04d", g_rand_int_range (demo->rand, 200, 999),
                          g_rand_int_range (demo->rand, 0, 10000));
}

static const char *
latin_of (const char *name)
{
  static const struct { const char *ru, *en; } map[] = {
    { "Иван", "ivan" }, { "Алексей", "alexey" }, { "Дмитрий", "dmitry" },
    { "Сергей", "sergey" }, { "Андрей", "andrey" }, { "Михаил", "mikhail" },
    { "Николай", "nikolay" }, { "Павел", "pavel" }, { "Артём", "artem" }, { "Олег", "oleg" },
    { "Владимир", "vladimir" }, { "Константин", "konstantin" }, { "Анна", "anna" },
    { "Мария", "maria" }, { "Елена", "elena" }, { "Ольга", "olga" }, { "Наталья", "natalia" },
    { "Татьяна", "tatiana" }, { "Ирина", "irina" }, { "Екатерина", "ekaterina" },
    { "Светлана", "svetlana" }, { "Юлия", "yulia" }, { "Дарья", "daria" },
    { "Ксения", "ksenia" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].ru, name))
      return map[i].en;

  return NULL;
}

static char *
make_email (Demo       *demo,
            const char *first,
            guint       n)
{
  const char *latin = latin_of (first);
  g_autofree char *lower = g_ascii_strdown (latin ? latin : first, -1);
  static const char * const domains[] = { "example.com", "example.org", "example.net",
    "mail.example" };

  return g_strdup_printf ("%s.%u@%s", lower, n, PICK (demo, domains));
}

static void
fill_person (Demo         *demo,
             KontorEntity *entity,
             guint         n,
             gboolean      full)
{
  gboolean female = g_rand_boolean (demo->rand);
  const char *first, *last;
  g_autofree char *surname = NULL;
  g_autofree char *phone = make_phone (demo);
  g_autofree char *email = NULL;

  if (demo->russian)
    {
      first = female ? PICK (demo, ru_first_f) : PICK (demo, ru_first_m);
      last = PICK (demo, ru_last);
      /* Russian surnames agree in gender: Иванов, Иванова */
      surname = female ? g_strconcat (last, "а", NULL) : g_strdup (last);
      if (full)
        kontor_entity_set_text (entity, "middle_name",
                                female ? PICK (demo, ru_middle_f) : PICK (demo, ru_middle_m));
    }
  else
    {
      first = female ? PICK (demo, en_first_f) : PICK (demo, en_first_m);
      surname = g_strdup (PICK (demo, en_last));
    }

  kontor_entity_set_text (entity, "first_name", first);
  kontor_entity_set_text (entity, "last_name", surname);
  kontor_entity_set_text (entity, "position", LANG (demo, positions));
  kontor_entity_append_to_list (entity, "phone", phone);
  email = make_email (demo, first, n);
  kontor_entity_append_to_list (entity, "email", email);
}

static gint64
random_id (Demo   *demo,
           GArray *ids)
{
  if (ids->len == 0)
    return 0;

  return g_array_index (ids, gint64, g_rand_int_range (demo->rand, 0, ids->len));
}

static gboolean
save (Demo          *demo,
      KontorEntity  *entity,
      GArray        *ids,
      GError       **error)
{
  gint64 id;

  if (!kontor_repository_save (demo->repository, entity, error))
    return FALSE;

  id = kontor_entity_get_id (entity);
  if (ids)
    g_array_append_val (ids, id);

  return TRUE;
}

static gboolean
make_companies (Demo    *demo,
                guint    n,
                GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorCompany) company = kontor_company_new ();
      KontorEntity *entity = KONTOR_ENTITY (company);
      g_autofree char *name = NULL;
      g_autofree char *tax_id = NULL;
      g_autofree char *phone = make_phone (demo);
      g_autofree char *address = NULL;
      g_autofree char *email = NULL;

      if (demo->russian)
        name = g_strdup_printf ("%s «%s%s»", PICK (demo, ru_company_form),
                                PICK (demo, ru_company_stem),
                                i >= G_N_ELEMENTS (ru_company_stem) ?
                                  g_rand_boolean (demo->rand) ? "-М" : "-Про" : "");
      else
        name = g_strdup_printf ("%s%s %s", PICK (demo, en_company_stem),
                                i >= G_N_ELEMENTS (en_company_stem) ?
                                  g_rand_boolean (demo->rand) ? " Systems" : " Group" : "",
                                PICK (demo, en_company_form));

      tax_id = g_strdup_printf ("77%08u", g_rand_int_range (demo->rand, 0, 100000000));
      address = g_strdup_printf ("%s, %u", LANG (demo, cities), i + 1);
      email = g_strdup_printf ("info%u@example.com", i + 1);

      kontor_entity_set_text (entity, "name", name);
      kontor_entity_set_text (entity, "industry", LANG (demo, industries));
      kontor_entity_set_text (entity, "tax_id", tax_id);
      kontor_entity_set_text (entity, "address", address);
      kontor_entity_set_text (entity, "responsible", LANG (demo, managers));
      kontor_entity_append_to_list (entity, "phone", phone);
      kontor_entity_append_to_list (entity, "email", email);

      if (!save (demo, entity, demo->companies, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_contacts (Demo    *demo,
               guint    n,
               GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorContact) contact = kontor_contact_new ();
      KontorEntity *entity = KONTOR_ENTITY (contact);

      fill_person (demo, entity, i + 1, TRUE);
      if (g_rand_int_range (demo->rand, 0, 10) < 8)
        kontor_entity_set_int (entity, "company", random_id (demo, demo->companies));
      kontor_entity_set_text (entity, "responsible", LANG (demo, managers));

      if (!save (demo, entity, demo->contacts, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_leads (Demo    *demo,
            guint    n,
            GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorLead) lead = kontor_lead_new ();
      KontorEntity *entity = KONTOR_ENTITY (lead);
      const char *status = PICK (demo, lead_statuses);
      g_autofree char *title = NULL;
      g_autofree char *company = NULL;

      fill_person (demo, entity, 1000 + i, FALSE);
      if (demo->russian)
        company = g_strdup_printf ("%s «%s»", PICK (demo, ru_company_form),
                                   PICK (demo, ru_company_stem));
      else
        company = g_strdup_printf ("%s %s", PICK (demo, en_company_stem),
                                   PICK (demo, en_company_form));
      title = g_strdup_printf ("%s — %s", LANG (demo, deal_words), company);

      kontor_entity_set_text (entity, "title", title);
      kontor_entity_set_text (entity, "company_name", company);
      kontor_entity_set_text (entity, "source", PICK (demo, lead_sources));
      kontor_entity_set_text (entity, "status", status);
      if (g_str_equal (status, "junk"))
        kontor_entity_set_text (entity, "junk_reason",
                                demo->russian ? "Нет бюджета" : "No budget");
      kontor_entity_set_int (entity, "amount", g_rand_int_range (demo->rand, 10, 500) * 100000);
      kontor_entity_set_text (entity, "responsible", LANG (demo, managers));

      if (!save (demo, entity, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_products (Demo    *demo,
               GError **error)
{
  const char * const *names = demo->russian ? ru_products : en_products;
  static const gint64 prices[] = { 1500000, 3500000, 9000000, 350000, 2500000, 18000000,
    9500000, 1200000, 500000, 150000 };

  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      g_autoptr(KontorProduct) product = kontor_product_new ();
      KontorEntity *entity = KONTOR_ENTITY (product);
      g_autofree char *sku = g_strdup_printf ("KT-%03u", i + 1);

      kontor_entity_set_text (entity, "name", names[i]);
      kontor_entity_set_text (entity, "sku", sku);
      kontor_entity_set_text (entity, "unit", i == 3 ? (demo->russian ? "ч" : "h")
                                                     : (demo->russian ? "шт" : "pcs"));
      kontor_entity_set_int (entity, "price", prices[i]);
      kontor_entity_set_int (entity, "vat_rate", 2000);
      kontor_entity_set_bool (entity, "vat_included", TRUE);
      kontor_entity_set_text (entity, "section", i < 5 ? (demo->russian ? "Услуги" : "Services")
                                                       : (demo->russian ? "Товары" : "Goods"));

      if (!save (demo, entity, demo->products, error))
        return FALSE;
    }

  return TRUE;
}

/* Runs @sql, an UPDATE that sets the time ?1 on the row whose id is ?2 */
static gboolean
set_time (Demo        *demo,
          const char  *sql,
          gint64       id,
          gint64       time,
          GError     **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (demo->repository, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (demo->repository),
                                     sqlite3_errcode (_kontor_repository_get_db (demo->repository)),
                                     error);
  return TRUE;
}

/* The ids of @sql's rows for the deal @deal_id, in order */
static GArray *
list_ids (Demo        *demo,
          const char  *sql,
          gint64       deal_id,
          GError     **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (demo->repository, sql, error);
  GArray *ids;

  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, deal_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

/* A deal made now gets a past: created up to a year ago, a few days to a
 * few weeks in each stage, closed when it reached its last one. Reports
 * then show months, cycles and trends as they would on a real database. */
static gboolean
backdate_deal (Demo    *demo,
               gint64   deal_id,
               GError **error)
{
  gint64 now = _kontor_now ();
  gint64 created = now - (gint64) g_rand_int_range (demo->rand, 1, 360) * 86400
                   - g_rand_int_range (demo->rand, 0, 8 * 3600);
  g_autoptr(GArray) moves = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 time = created, span = 0;

  moves = list_ids (demo, "SELECT id FROM deal_stage_history WHERE deal_id = ? ORDER BY id",
                    deal_id, error);
  entries = moves ? list_ids (demo, "SELECT id FROM timeline WHERE entity_kind = 'deal' "
                              "AND entity_id = ? ORDER BY id", deal_id, error) : NULL;
  if (entries == NULL)
    return FALSE;

  /* The first entry of the history is the deal's creation */
  for (guint i = 0; i < moves->len; i++)
    {
      if (i > 0)
        span += (gint64) g_rand_int_range (demo->rand, 2, 30) * 86400
                + g_rand_int_range (demo->rand, 0, 86400);
      g_array_append_val (times, span);
    }
  /* Squeezed into the time between its creation and now */
  for (guint i = 0; i < times->len; i++)
    {
      gint64 *t = &g_array_index (times, gint64, i);

      *t = created + (span > now - created ? *t * (now - created) / span : *t);
    }
  if (times->len > 0)
    time = g_array_index (times, gint64, times->len - 1);

  for (guint i = 0; i < moves->len; i++)
    if (!set_time (demo, "UPDATE deal_stage_history SET moved_at = ?1, created_at = ?1, "
                   "updated_at = ?1 WHERE id = ?2", g_array_index (moves, gint64, i),
                   g_array_index (times, gint64, i), error))
      return FALSE;
  for (guint i = 0; i < entries->len; i++)
    if (!set_time (demo, "UPDATE timeline SET created_at = ?1, updated_at = ?1 WHERE id = ?2",
                   g_array_index (entries, gint64, i),
                   i < times->len ? g_array_index (times, gint64, i) : time, error))
      return FALSE;

  return set_time (demo, "UPDATE deals SET created_at = ?1, updated_at = ?1 WHERE id = ?2",
                   deal_id, created, error) &&
         set_time (demo, "UPDATE deals SET updated_at = ?1, "
                   "closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE ?1 END WHERE id = ?2",
                   deal_id, time, error);
}

static gboolean
make_deals (Demo    *demo,
            guint    n,
            GError **error)
{
  guint n_stages = demo->stages->len;
  g_autoptr(GDate) today = g_date_new ();

  g_date_set_time_t (today, (time_t) _kontor_now ());

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorDeal) deal = kontor_deal_new ();
      KontorEntity *entity = KONTOR_ENTITY (deal);
      g_autofree char *title = NULL;
      char date[16];
      guint target_index, last_open;
      KontorEntity *target;
      gboolean lost;
      gint64 company = random_id (demo, demo->companies);
      GDate close = *today;

      /* Every stage gets deals; the early stages the most, as in a funnel */
      target_index = (i < n_stages) ? i : (guint) g_rand_int_range (demo->rand, 0, n_stages);
      if (i >= n_stages && target_index > 0 && g_rand_int_range (demo->rand, 0, 3) == 0)
        target_index--;

      title = g_strdup_printf ("%s #%u", LANG (demo, deal_words), i + 1);
      kontor_entity_set_text (entity, "title", title);
      kontor_entity_set_int (entity, "amount", g_rand_int_range (demo->rand, 5, 300) * 1000000);
      kontor_entity_set_int (entity, "company", company);
      kontor_entity_set_int (entity, "contact", random_id (demo, demo->contacts));
      kontor_entity_set_text (entity, "responsible", LANG (demo, managers));
      kontor_entity_set_int (entity, "probability", 10 + 15 * MIN (target_index, 5));
      g_date_add_days (&close, g_rand_int_range (demo->rand, 5, 90));
      g_date_strftime (date, sizeof date, "%Y-%m-%d", &close);
      kontor_entity_set_text (entity, "expected_close", date);

      if (!save (demo, entity, demo->deals, error))
        return FALSE;

      /* Walk the deal through the open stages before its own, so that
       * it has a stage history like a real one; a lost deal drops out at
       * one of them */
      target = g_ptr_array_index (demo->stages, target_index);
      lost = g_str_equal (kontor_entity_get_text (target, "semantics"), "lost");
      last_open = lost ? (guint) g_rand_int_range (demo->rand, 0, n_stages) : target_index;
      for (guint s = 1; s <= target_index && s < n_stages; s++)
        {
          KontorEntity *stage = g_ptr_array_index (demo->stages, s);
          gboolean closing = !g_str_equal (kontor_entity_get_text (stage, "semantics"), "open");

          if ((closing || s > last_open) && s != target_index)
            continue;

          if (!kontor_repository_move_deal (demo->repository, entity,
                                            kontor_entity_get_id (stage),
                                            LANG (demo, loss_reasons), error))
            return FALSE;
        }

      /* The object in memory sees its past too */
      if (!backdate_deal (demo, kontor_entity_get_id (entity), error) ||
          !kontor_repository_reload (demo->repository, entity, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_activities (Demo    *demo,
                 guint    n,
                 GError **error)
{
  static const char * const ru_subjects[] = { "Позвонить по КП", "Отправить договор",
    "Встреча в офисе клиента", "Подготовить презентацию", "Уточнить бюджет" };
  static const char * const en_subjects[] = { "Call about the proposal", "Send the contract",
    "Meeting at the client's office", "Prepare the presentation", "Confirm the budget" };
  gint64 now = _kontor_now ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorActivity) activity = kontor_activity_new ();
      KontorEntity *entity = KONTOR_ENTITY (activity);
      gint64 due = now + (gint64) g_rand_int_range (demo->rand, -10 * 24, 20 * 24) * 3600;

      kontor_entity_set_text (entity, "kind", PICK (demo, activity_kinds));
      kontor_entity_set_text (entity, "subject", demo->russian ? PICK (demo, ru_subjects)
                                                               : PICK (demo, en_subjects));
      kontor_entity_set_int (entity, "due_at", due - due % 900);
      kontor_entity_set_int (entity, "duration", 30);
      kontor_entity_set_text (entity, "responsible", LANG (demo, managers));
      kontor_entity_set_int (entity, "deal", random_id (demo, demo->deals));
      /* Reminders only for what is still ahead: a new user is not greeted
       * by a pile of missed ones */
      kontor_entity_set_text (entity, "reminder", due > now ? "15m" : "none");
      if (due < now && g_rand_boolean (demo->rand))
        {
          kontor_entity_set_bool (entity, "done", TRUE);
          kontor_entity_set_text (entity, "result", demo->russian ? "Клиент заинтересован"
                                                                  : "The client is interested");
        }

      if (!save (demo, entity, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_invoices (Demo    *demo,
               guint    n,
               GError **error)
{
  static const char * const statuses[] = { "draft", "sent", "sent", "paid", "paid", "cancelled" };
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());

  for (guint i = 0; i < n && demo->deals->len > 0; i++)
    {
      g_autoptr(KontorInvoice) invoice = kontor_invoice_new ();
      KontorEntity *entity = KONTOR_ENTITY (invoice);
      g_autoptr(KontorEntity) deal = NULL;
      g_autoptr(GDateTime) issued = g_date_time_add_days (now, -g_rand_int_range (demo->rand, 0, 40));
      g_autoptr(GDateTime) due = g_date_time_add_days (issued, 14);
      g_autofree char *issued_text = g_date_time_format (issued, "%Y-%m-%d");
      g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");
      const char *status = PICK (demo, statuses);
      guint n_lines = g_rand_int_range (demo->rand, 1, 4);

      deal = kontor_repository_find (demo->repository, KONTOR_TYPE_DEAL,
                                     random_id (demo, demo->deals), error);
      if (deal == NULL)
        return FALSE;

      kontor_entity_set_int (entity, "deal", kontor_entity_get_id (deal));
      kontor_entity_set_int (entity, "company", kontor_entity_get_int (deal, "company"));
      kontor_entity_set_int (entity, "contact", kontor_entity_get_int (deal, "contact"));
      kontor_entity_set_text (entity, "issued_on", issued_text);
      kontor_entity_set_text (entity, "due_on", due_text);
      kontor_entity_set_text (entity, "status", status);
      if (g_str_equal (status, "paid"))
        kontor_entity_set_text (entity, "paid_on", due_text);

      if (!save (demo, entity, NULL, error))
        return FALSE;

      for (guint l = 0; l < n_lines; l++)
        {
          g_autoptr(KontorInvoiceLine) line = kontor_invoice_line_new ();
          g_autoptr(KontorEntity) product = NULL;

          product = kontor_repository_find (demo->repository, KONTOR_TYPE_PRODUCT,
                                            random_id (demo, demo->products), error);
          if (product == NULL)
            return FALSE;

          kontor_entity_set_int (KONTOR_ENTITY (line), "invoice", kontor_entity_get_id (entity));
          kontor_entity_set_int (KONTOR_ENTITY (line), "position", l);
          kontor_entity_set_int (KONTOR_ENTITY (line), "product", kontor_entity_get_id (product));
          kontor_entity_set_text (KONTOR_ENTITY (line), "name",
                                  kontor_entity_get_text (product, "name"));
          kontor_entity_set_text (KONTOR_ENTITY (line), "unit",
                                  kontor_entity_get_text (product, "unit"));
          kontor_entity_set_int (KONTOR_ENTITY (line), "quantity",
                                 g_rand_int_range (demo->rand, 1, 6) * 1000 +
                                 (g_rand_boolean (demo->rand) ? 500 : 0));
          kontor_entity_set_int (KONTOR_ENTITY (line), "price",
                                 kontor_entity_get_int (product, "price"));
          kontor_entity_set_int (KONTOR_ENTITY (line), "vat_rate", 2000);
          kontor_entity_set_bool (KONTOR_ENTITY (line), "vat_included", TRUE);

          if (!save (demo, KONTOR_ENTITY (line), NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
fill_cb (gpointer   user_data,
         GError   **error)
{
  Demo *demo = user_data;
  guint n = MAX (demo->n_records, 20);

  return make_companies (demo, MAX (n / 10, 3), error) &&
         make_contacts (demo, MAX (n / 4, 5), error) &&
         make_leads (demo, MAX (n / 8, 4), error) &&
         make_products (demo, error) &&
         make_deals (demo, MAX (n / 4, 6), error) &&
         make_activities (demo, MAX (n / 5, 4), error) &&
         make_invoices (demo, MAX (n / 20, 2), error);
}

static gboolean
user_speaks_russian (void)
{
  const char * const *languages = g_get_language_names_with_category ("LC_MESSAGES");

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_has_prefix (languages[i], "ru"))
        return TRUE;
      if (g_str_equal (languages[i], "C"))
        break;
      if (g_str_has_prefix (languages[i], "en"))
        return FALSE;
    }

  return FALSE;
}

gboolean
kontor_demo_fill (KontorRepository  *repository,
                  guint              n_records,
                  guint32            seed,
                  GError           **error)
{
  g_autoptr(GListModel) stages = NULL;
  Demo demo = { 0, };
  gboolean ok;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  stages = kontor_repository_list_stages (repository,
                                          kontor_repository_get_default_pipeline (repository),
                                          error);
  if (stages == NULL)
    return FALSE;

  demo.repository = repository;
  demo.rand = g_rand_new_with_seed (seed);
  demo.n_records = n_records;
  demo.russian = user_speaks_russian ();
  demo.companies = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.products = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.deals = g_array_new (FALSE, FALSE, sizeof (gint64));
  demo.stages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    g_ptr_array_add (demo.stages, g_list_model_get_item (stages, i));

  if (demo.stages->len == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The default pipeline has no stages"));
      ok = FALSE;
    }
  else
    ok = kontor_repository_run_in_transaction (repository, fill_cb, &demo, error);

  g_rand_free (demo.rand);
  g_array_unref (demo.companies);
  g_array_unref (demo.contacts);
  g_array_unref (demo.products);
  g_array_unref (demo.deals);
  g_ptr_array_unref (demo.stages);

  return ok;
}

typedef struct
{
  char    *path;
  char    *currency;
  guint    n_records;
  guint32  seed;
} FillJob;

static void
fill_job_free (FillJob *job)
{
  g_free (job->path);
  g_free (job->currency);
  g_free (job);
}

static void
fill_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FillJob *job = task_data;
  g_autoptr(KontorRepository) repository = NULL;
  GError *error = NULL;

  repository = kontor_repository_open (job->path, &error);
  if (repository != NULL && job->currency != NULL)
    kontor_repository_set_default_currency (repository, job->currency);

  if (repository == NULL || !kontor_demo_fill (repository, job->n_records, job->seed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * kontor_demo_fill_async:
 * @repository: an open database file
 * @n_records: see kontor_demo_fill()
 * @seed: see kontor_demo_fill()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Like kontor_demo_fill(), in a worker thread with a connection of its own
 * to the file of @repository, so @repository stays usable meanwhile. Call
 * kontor_demo_fill_finish() in the thread of @repository.
 */
void
kontor_demo_fill_async (KontorRepository    *repository,
                        guint                n_records,
                        guint32              seed,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FillJob *job;

  g_return_if_fail (KONTOR_IS_REPOSITORY (repository));

  job = g_new0 (FillJob, 1);
  job->path = g_strdup (kontor_repository_get_path (repository));
  job->currency = g_strdup (kontor_repository_get_default_currency (repository));
  job->n_records = n_records;
  job->seed = seed;

  /* No source object: @repository must never be dropped in the worker */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kontor_demo_fill_async);
  g_task_set_task_data (task, job, (GDestroyNotify) fill_job_free);
  g_task_run_in_thread (task, fill_thread);
}

/**
 * kontor_demo_fill_finish:
 * @repository: the database given to kontor_demo_fill_async()
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * On success @repository reads the new records and tells its lists (the
 * #KontorRepository::changed signal with id 0 for every kind).
 */
gboolean
kontor_demo_fill_finish (KontorRepository  *repository,
                         GAsyncResult      *result,
                         GError           **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kontor_demo_fill_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  kontor_repository_poll_external_changes (repository);
  return TRUE;
}
