"""Printable Thai documents: the home-work agreement of a lot and the payment slip (with the
amount in words). Built under Thai whatever the reader's language: they are legal papers."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from saphan.core.pdf import ThaiDocument
from saphan.core.thai import baht_in_words, format_baht, format_date
from saphan.subcontracting.models import Agreement, Payment


def _num(value: Any) -> str:
    return f"{value:,}"


def agreement_pdf(agreement: Agreement) -> bytes:
    lot = agreement.lot
    with translation.override("th"):
        doc = ThaiDocument(
            title=_("Home-work agreement %(number)s") % {"number": agreement.number},
            header=_("Saphan · subcontracting"),
            footer=_("Agreement %(number)s") % {"number": agreement.number},
        )
        doc.heading(_("Home-work agreement"))
        made = format_date(agreement.issued_on, "long")
        doc.paragraph(
            _(
                "Under the Home Workers Protection Act B.E. 2553. Number %(number)s, "
                "made on %(date)s."
            )
            % {"number": agreement.number, "date": made}
        )
        doc.facts(
            [
                (_("Employer"), agreement.employer_name),
                (_("Employer's address"), agreement.employer_address or "—"),
                (_("Juristic person id"), agreement.employer_id or "—"),
                (_("Home worker (group)"), agreement.worker_name),
                (_("Group's address"), agreement.worker_address or "—"),
                (_("Registration code"), agreement.worker_id or "—"),
                (_("Type of work"), agreement.work_type),
                (_("Quality specification"), agreement.quality_spec or "—"),
                (_("Quantity"), _("%(pieces)s pieces") % {"pieces": _num(agreement.pieces)}),
                (
                    _("Rate"),
                    _("%(rate)s a piece") % {"rate": format_baht(agreement.piece_rate_baht)},
                ),
                (
                    _("Value of the work"),
                    f"{format_baht(agreement.value_baht)} ({baht_in_words(agreement.value_baht)})",
                ),
                (_("Due date"), format_date(agreement.due_on, "long")),
                (_("Place of delivery"), agreement.delivery_place or "—"),
                (_("Materials supplied by the employer"), agreement.materials or "—"),
                (_("Payment"), agreement.payment_terms),
            ]
        )
        doc.ln(2)
        doc.paragraph(_("Deliveries"), bold=True)
        doc.table_rows(
            [_("Week"), _("From"), _("To"), _("Pieces")],
            [
                [t["week"], format_date(_day(t["starts_on"])), format_date(_day(t["ends_on"])),
                 _num(t["pieces"])]
                for t in lot.schedule
            ],
            widths=(20, 55, 55, 40),
            align_right=(3,),
        )  # fmt: skip
        doc.paragraph(
            _(
                "The pay may not be below the minimum wage for the same work (section 16): at "
                "the planning efficiency a member earns %(earn)s an hour; the minimum wage is "
                "%(floor)s an hour."
            )
            % {
                "earn": format_baht(lot.earnings_per_hour),
                "floor": format_baht(lot.floor_per_hour),
            },
            size=11,
        )
        doc.paragraph(
            _("This agreement is kept at least two years, until %(date)s.")
            % {"date": format_date(agreement.keep_until, "long")},
            size=11,
        )
        doc.signatures([_("Employer"), _("Home worker (for the group)"), _("Witness (officer)")])
        return doc.render()


def payment_slip_pdf(payment: Payment, shares: list[Any] | None) -> bytes:
    lot = payment.lot
    with translation.override("th"):
        doc = ThaiDocument(
            title=_("Payment slip %(number)s") % {"number": payment.number},
            header=_("Saphan · subcontracting"),
            footer=_("Payment slip %(number)s") % {"number": payment.number},
        )
        doc.heading(_("Payment slip for home work"))
        agreement = getattr(lot, "agreement", None)
        purpose = _("%(offer)s, lot #%(lot)s") % {"offer": lot.offer.title, "lot": lot.pk}
        if agreement is not None:
            purpose += " · " + _("agreement %(number)s") % {"number": agreement.number}
        doc.facts(
            [
                (_("Number"), payment.number),
                (_("Paid on"), format_date(payment.paid_on, "long")),
                (_("Paid by"), lot.offer.party.name_th),
                (_("Paid to"), lot.group.name_th),
                (_("For"), purpose),
                (_("Amount"), format_baht(payment.amount_baht)),
                (_("Amount in words"), f"({baht_in_words(payment.amount_baht)})"),
                (_("Method"), payment.get_method_display()),
                (_("Reference"), payment.reference or "—"),
            ],
            size=13,
        )  # fmt: skip
        if shares:
            doc.ln(2)
            doc.paragraph(_("Members' shares"), bold=True)
            doc.table_rows(
                [_("Member"), _("Pieces"), _("Hours"), _("Amount")],
                [
                    [s.member.full_name, s.pieces if s.pieces is not None else "",
                     s.hours if s.hours is not None else "", format_baht(s.amount_baht)]
                    for s in shares
                ],
                widths=(80, 25, 25, 44),
                align_right=(1, 2, 3),
            )  # fmt: skip
        doc.signatures([_("Payer"), _("Received by (for the group)")])
        return doc.render()


def _day(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)
