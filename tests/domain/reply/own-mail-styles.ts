/** Outlook-style header blocks per locale, as clients put them above an unprefixed original. */
export interface HeaderBlock {
  locale: string;
  lines: (subject: string) => string[];
}

const block = (locale: string, from: string, sent: string, to: string, subject: string, date: string): HeaderBlock => ({
  locale,
  lines: (s) => [`${from}: Legwork Coach <coach@legwork.example>`, `${sent}: ${date}`, `${to}: Sam <sam@example.org>`, `${subject}: ${s}`],
});

export const HEADER_BLOCKS: HeaderBlock[] = [
  block("en", "From", "Sent", "To", "Subject", "Monday, March 2, 2026 7:00 AM"),
  block("de", "Von", "Gesendet", "An", "Betreff", "Montag, 2. März 2026 07:00"),
  block("fr", "De", "Envoyé", "À", "Objet", "lundi 2 mars 2026 07:00"),
  block("es", "De", "Enviado", "Para", "Asunto", "lunes, 2 de marzo de 2026 7:00"),
  block("it", "Da", "Inviato", "A", "Oggetto", "lunedì 2 marzo 2026 07:00"),
  block("pt", "De", "Enviada em", "Para", "Assunto", "segunda-feira, 2 de março de 2026 07:00"),
  block("nl", "Van", "Verzonden", "Aan", "Onderwerp", "maandag 2 maart 2026 07:00"),
  block("sv", "Från", "Skickat", "Till", "Ämne", "den 2 mars 2026 07:00"),
  block("da", "Fra", "Sendt", "Til", "Emne", "2. marts 2026 07:00"),
  block("nb", "Fra", "Sendt", "Til", "Emne", "mandag 2. mars 2026 07:00"),
  block("fi", "Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe", "maanantai 2. maaliskuuta 2026 7.00"),
  block("pl", "Od", "Wysłano", "Do", "Temat", "poniedziałek, 2 marca 2026 07:00"),
  block("cs", "Od", "Odesláno", "Komu", "Předmět", "pondělí 2. března 2026 7:00"),
  block("hu", "Feladó", "Elküldve", "Címzett", "Tárgy", "2026. március 2., hétfő 7:00"),
  block("ru", "От", "Отправлено", "Кому", "Тема", "2 марта 2026 г. 7:00"),
  block("uk", "Від", "Надіслано", "Кому", "Тема", "2 березня 2026 р. 7:00"),
  block("tr", "Kimden", "Gönderildi", "Kime", "Konu", "2 Mart 2026 Pazartesi 07:00"),
  block("el", "Από", "Στάλθηκε", "Προς", "Θέμα", "Δευτέρα, 2 Μαρτίου 2026 7:00 π.μ."),
  block("zh", "发件人", "日期", "收件人", "主题", "2026年3月2日 7:00"),
  block("zh-tw", "寄件者", "寄件日期", "收件者", "主旨", "2026年3月2日 上午 7:00"),
  block("ja", "差出人", "送信日時", "宛先", "件名", "2026年3月2日 7:00"),
  block("ko", "보낸 사람", "보낸 날짜", "받는 사람", "제목", "2026년 3월 2일 월요일 오전 7:00"),
  block("ar", "من", "تم الإرسال", "إلى", "الموضوع", "الاثنين، 2 مارس 2026 7:00 ص"),
  block("he", "מאת", "נשלח", "אל", "נושא", "יום שני 2 מרץ 2026 07:00"),
  block("ro", "De la", "Trimis", "Către", "Subiect", "luni, 2 martie 2026 07:00"),
  block("id", "Dari", "Dikirim", "Kepada", "Subjek", "Senin, 2 Maret 2026 07.00"),
];
