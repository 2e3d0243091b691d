// Generated from the repository by BuiltInFilesTests (RECORD_SNAPSHOTS=1 swift test --filter BuiltInFiles).
// Edit the source files, not this one.

/// The standard library's modules (stdlib/*.seg), by name.
public enum BuiltInStdlib {
    public static let modules: [String: String] = [
        "bank": #"""
-- stdlib.bank: the demo bank's schema (`seg demo`): customers and what belongs to them.
-- Every other standard module uses it; a bank with other table names declares its own entity.

-- A retail customer of the bank.
entity customer from table customers key customer_id
  field phone pii
  field id_number pii
  field email pii
  field name pii
  has many accounts from table accounts on customer_id dated by opened_date
  has many transactions from table transactions on customer_id dated by txn_date
  has many holdings from table holdings on customer_id dated by opened_date
  has many app_logins from table app_events on customer_id dated by event_time
  has many contacts from table contact_history on customer_id dated by contact_date

-- The mobile carrier of the customer's phone number, from its first three digits: a coarse
-- value to group by where the number itself may not be shown (LANGUAGE.md §5). Not personal:
-- its values are the carriers', not the customer's.
define phone_carrier =
  if phone starts with "134" or phone starts with "135" or phone starts with "136" or phone starts with "137" or phone starts with "138" or phone starts with "139"
        or phone starts with "147" or phone starts with "150" or phone starts with "151" or phone starts with "152" or phone starts with "157" or phone starts with "158"
        or phone starts with "159" or phone starts with "172" or phone starts with "178" or phone starts with "182" or phone starts with "183" or phone starts with "184"
        or phone starts with "187" or phone starts with "188" or phone starts with "195" or phone starts with "197" or phone starts with "198"
    then "中国移动"
  else if phone starts with "130" or phone starts with "131" or phone starts with "132" or phone starts with "145" or phone starts with "155" or phone starts with "156"
        or phone starts with "166" or phone starts with "167" or phone starts with "171" or phone starts with "175" or phone starts with "176" or phone starts with "185"
        or phone starts with "186" or phone starts with "196"
    then "中国联通"
  else if phone starts with "133" or phone starts with "149" or phone starts with "153" or phone starts with "173" or phone starts with "174" or phone starts with "177"
        or phone starts with "180" or phone starts with "181" or phone starts with "189" or phone starts with "190" or phone starts with "191" or phone starts with "193"
        or phone starts with "199"
    then "中国电信"
  else "其他"

"""#,
        "contact": #"""
-- stdlib.contact: who may be contacted, and who was contacted lately (防打扰).
use stdlib.bank

-- Contacted through any channel in the last 14 days.
define recently_contacted = any(contacts within 14 days)
-- Contacts in the last 30 days, every campaign and channel.
define contacts_30d = count(contacts within 30 days)
-- Said no to a campaign in the last 90 days.
define declined_recently = any(contacts where outcome = "declined" within 90 days)

-- May be contacted for marketing now: not do-not-disturb, not contacted in 14 days,
-- at most 2 contacts in 30 days.
segment contactable where not do_not_disturb and not recently_contacted and contacts_30d < 2

"""#,
        "household": #"""
-- stdlib.household: the demo bank's households (`seg demo`, generator version 7 and later):
-- segment families instead of customers with `use stdlib.household` and `use entity household`.

-- A household: customers of one city who live together (one to four of them).
entity household from table households key household_id
  has many members from table customers on household_id dated by open_date

"""#,
        "lifecycle": #"""
-- stdlib.lifecycle: where a customer is in their life with the bank.
use stdlib.bank

-- Whole months since the account was opened.
define tenure_months = months_since(open_date)
-- Transactions in the last 90 days.
define txns_90d = count(transactions within 90 days)
-- AUM three months ago, from the holdings.
define aum_3m_ago = sum(holdings.balance_3m_ago)

-- new, growing, mature, declining, dormant or churned.
define lifecycle = if tenure_months < 6 then "new"
                   else if txns_90d = 0 and aum < 1000 then "churned"
                   else if txns_90d = 0 then "dormant"
                   else if aum < aum_3m_ago * 70% then "declining"
                   else if aum > aum_3m_ago * 110% then "growing"
                   else "mature"

-- Opened in the last six months.
segment lifecycle_new where lifecycle = "new"
-- AUM up by more than a tenth in three months.
segment lifecycle_growing where lifecycle = "growing"
-- Steady customers.
segment lifecycle_mature where lifecycle = "mature"
-- AUM down by 30% or more in three months.
segment lifecycle_declining where lifecycle = "declining"
-- No transactions for 90 days, money still here.
segment lifecycle_dormant where lifecycle = "dormant"
-- No transactions for 90 days and almost nothing left.
segment lifecycle_churned where lifecycle = "churned"

"""#,
        "rfm": #"""
-- stdlib.rfm: recency, frequency and monetary quintiles over the last 180 days, and the
-- usual named RFM groups. Scores run 1 (worst) to 5 (best); missing without transactions.
use stdlib.bank

-- Days since the last transaction.
define recency_days = days_since(last(transactions.txn_date))
-- Transactions in the last 180 days.
define frequency_180d = count(transactions within 180 days)
-- Money moved in: deposits, payroll and fund purchases in the last 180 days.
define monetary_180d = sum(transactions.amount where type in ["deposit", "payroll", "fund_purchase"] within 180 days)

-- Recency score: 5 for the most recent fifth of customers.
define r_score = 6 - ntile(recency_days, 5)
-- Frequency score: 5 for the busiest fifth.
define f_score = ntile(frequency_180d, 5)
-- Monetary score: 5 for the fifth that brought in the most.
define m_score = ntile(monetary_180d, 5)

-- champions, loyal, potential, at_risk, hibernating, or inactive (no transactions at all).
define rfm_group = if recency_days is missing then "inactive"
                   else if r_score >= 4 and f_score >= 4 and m_score >= 4 then "champions"
                   else if r_score >= 3 and f_score >= 3 then "loyal"
                   else if r_score >= 4 then "potential"
                   else if f_score >= 3 then "at_risk"
                   else "hibernating"

-- Recent, frequent and high-value.
segment rfm_champions where rfm_group = "champions"
-- Used to be frequent, not lately.
segment rfm_at_risk where rfm_group = "at_risk"
-- Rare and long ago.
segment rfm_hibernating where rfm_group = "hibernating"

"""#,
        "tags": #"""
-- stdlib.tags: the common customer tags (客户标签) of retail banking.
use stdlib.bank

-- Logged in to mobile banking at least 4 times in the last 30 days.
define mobile_active = count(app_logins where event_type = "login" within 30 days) >= 4
-- Salary credited in the last 60 days.
define payroll = any(transactions where type = "payroll" within 60 days)
-- Holds a credit card.
define card_holder = has_credit_card
-- Holds at least one fund.
define fund_holder = any(holdings where product_type = "fund")
-- Holds wealth-management products.
define wealth_holder = any(holdings where product_type in ["wealth", "fund", "insurance", "bond"])
-- Has a mortgage or other loan outstanding.
define has_mortgage = loan_balance > 0
-- Banked only through digital channels in the last 90 days.
define digital_only = any(transactions where channel in ["mobile", "online"] within 90 days)
                      and not any(transactions where channel = "branch" within 90 days)
-- Banked only at the branch in the last 90 days.
define branch_only = any(transactions where channel = "branch" within 90 days)
                     and not any(transactions where channel in ["mobile", "online"] within 90 days)
-- Spends on the card at least twice a month.
define card_active = count(transactions where type = "card_spend" within 30 days) >= 2

"""#,
        "value": #"""
-- stdlib.value: value tiers by AUM, in 万 as Chinese retail banks set them.
-- Override a floor with `--param hnw_floor=80万`.
use stdlib.bank

param affluent_floor: number = 5万
param hnw_floor: number = 50万
param private_banking_floor: number = 600万

-- The customer's value tier: mass, affluent (贵宾), high_net_worth (财富) or private_banking (私人银行).
define value_tier = if aum >= private_banking_floor then "private_banking"
                    else if aum >= hnw_floor then "high_net_worth"
                    else if aum >= affluent_floor then "affluent"
                    else "mass"

-- Mass customers (大众客户): AUM under the affluent floor.
segment mass where value_tier = "mass"
-- Affluent customers (贵宾客户).
segment affluent where value_tier = "affluent"
-- High-net-worth customers (财富客户).
segment high_net_worth where value_tier = "high_net_worth"
-- Private-banking customers (私人银行客户).
segment private_banking where value_tier = "private_banking"

"""#,
    ]
}
