from django.test import TestCase, override_settings

from belronde.accounts import demo as accounts_demo
from belronde.accounts.management.commands import demo as demo_command
from belronde.accounts.models import Chapter, Region
from belronde.analyses import demo
from belronde.analyses.evaluation import evaluate
from belronde.analyses.models import FinancialAnalysis
from belronde.members import demo as members_demo


@override_settings(DEBUG=True)
class DemoTests(TestCase):
    def test_it_skips_gracefully_without_organisations(self):
        region = Region.objects.create(slug="antwerpen", name="Antwerpen")
        Chapter.objects.create(slug="mechelen", name="Mechelen", region=region)
        self.assertEqual(demo.load(seed=2020), {"financial_analyses": 0})

    def test_it_runs_after_the_members_loader(self):
        loaders = demo_command.LOADERS
        self.assertLess(
            loaders.index("belronde.members.demo.load"),
            loaders.index("belronde.analyses.demo.load"),
        )

    def test_the_demo_creates_analyses_with_alarm_bells_once(self):
        # the loaders the analyses depend on, in the order of `belronde demo`
        for load in (accounts_demo.load, members_demo.load, demo.load):
            load(seed=2020)
        analyses = list(FinancialAnalysis.objects.filter(chapter__slug="mechelen"))
        self.assertEqual(len(analyses), 3)
        evaluations = {a.public_code: evaluate(a) for a in analyses}
        three = [e for e in evaluations.values() if len(e.years) == 3]
        self.assertEqual(len(three), 1)
        self.assertEqual(three[0].analysis.schema, "abbreviated")
        self.assertIsNotNone(three[0].latest_score)
        self.assertIsNotNone(three[0].forecast)
        alarm = [e for e in evaluations.values() if e.alarms.articles_triggered]
        self.assertEqual([e.alarms.articles_triggered for e in alarm], [("7:228",)])
        self.assertIsNotNone(alarm[0].forecast.first_week_below_buffer)
        self.assertTrue(all(not e.inconsistencies for e in evaluations.values()))  # sums add up
        self.assertEqual(demo.load(seed=2020), {"financial_analyses": 0})  # idempotent
        self.assertEqual(FinancialAnalysis.objects.count(), 3)
