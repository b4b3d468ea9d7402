//! The privacy notice, in our own words, section by section.

texts! {
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}
}

texts! {
pub struct PrivacyNotice {
    pub title: &'static str,
    pub updated: &'static str,
    pub intro: &'static str,
    pub sections: &'static [Section],
    pub contact: &'static str,
}
}

pub static EN: PrivacyNotice = PrivacyNotice {
    title: "Privacy notice",
    updated: "Version 2026-11-25",
    intro: "Calentify lets you book, move and cancel appointments with clinics and other service providers, and reminds you of them. This notice explains what we keep about you, why, who sees it, for how long, and what you can ask of us.",
    sections: &[
        Section {
            heading: "What we keep",
            paragraphs: &[
                "Your account: your full name, your mobile number and email address once you have confirmed them, and — only if you choose to give them or a clinic you book with needs them — your gender, date of birth and a profile picture. A picture can come from an upload or from your Google or Facebook account if you tick the box when you sign up.",
                "Your appointments: the clinic, branch, provider, service and time, notes you add and files you upload (for example a report or a form), and the messages we sent you about them.",
                "Technical data: the address your device connects from, its browser and system as it reports them, and when you signed in. We use it to keep your account secure and to show you where you are signed in.",
                "If you sign in with Google we receive your Google account id, name, email address and picture; with Facebook, your Facebook id, name, email address and picture. We use their sign-in tokens once to confirm who you are and do not keep them. We never read your email, contacts, messages or friends.",
            ],
        },
        Section {
            heading: "Why we use it",
            paragraphs: &[
                "To run your account and your bookings (contract); to send confirmations, reminders, changes and follow-ups by SMS, WhatsApp or email (contract, and your choice of channel); to keep optional details only while you consent; to protect accounts against misuse (legitimate interest); and to meet legal duties.",
                "We do not sell your data and do not use it for advertising.",
            ],
        },
        Section {
            heading: "Who sees it",
            paragraphs: &[
                "The clinic you book with sees your appointment and the profile details it needs to care for you. Staff of a clinic see only people with appointments at that clinic, and every view or change of your record is logged with who, when and from where — you can see that log in your account.",
                "Messages travel through providers that deliver them: Twilio or Meta (WhatsApp) for SMS and WhatsApp, and an email service. Google and Meta take part only if you sign in with them. Our hosting provider stores the data. Some of these providers may process data outside your country under contractual safeguards.",
            ],
        },
        Section {
            heading: "How long we keep it",
            paragraphs: &[
                "Appointment records: up to 24 months after your last appointment, unless the clinic must keep medical records longer by law. Your account: until you or the clinic ask us to delete it. Message history: 12 months; delivery details from message providers: 6 months. Sign-in sessions end after 7 days without use and after 30 days at the latest; one-time codes expire after 10 minutes.",
            ],
        },
        Section {
            heading: "Your rights",
            paragraphs: &[
                "You can see and correct your details in your account, clear optional details (which withdraws your consent to them), disconnect Google or Facebook, and sign out of every device. You can ask for a copy of your data in a portable format, for its deletion, for its use to be restricted, or object to a use of it. You can also complain to your data protection authority.",
            ],
        },
        Section {
            heading: "Cookies",
            paragraphs: &[
                "We use only cookies needed for the service: one keeps you signed in, one remembers your language, and short-lived ones protect a sign-in while it is in progress. We use no advertising or tracking cookies. If you block cookies, signing in will not work.",
            ],
        },
        Section {
            heading: "Security",
            paragraphs: &[
                "Connections are encrypted. Sessions and codes are stored only as hashes, uploaded files are encrypted at rest, and staff see patient data on a need-to-know basis. No system is perfectly secure, but we work to keep yours safe and tell you if something goes wrong.",
            ],
        },
        Section {
            heading: "Children",
            paragraphs: &[
                "People under 16 (or the age a clinic sets) cannot hold their own account. A parent or guardian can add them to their account and book for them; only that guardian sees and manages their details. If you think a child's data reached us without a guardian's consent, contact us and we will act on it.",
            ],
        },
        Section {
            heading: "Changes",
            paragraphs: &[
                "When we change this notice we publish the new version here with its date, and ask again for consent where the law requires it.",
            ],
        },
    ],
    contact: "Questions or requests about your data:",
};

pub static AR: PrivacyNotice = PrivacyNotice {
    title: "إشعار الخصوصية",
    updated: "الإصدار 2026-11-25",
    intro: "تتيح لك Calentify حجز المواعيد مع العيادات ومقدمي الخدمات الآخرين وتغييرها وإلغاءها، وتذكّرك بها. يوضح هذا الإشعار ما نحتفظ به عنك ولماذا ومن يطّلع عليه ولأي مدة، وما يحق لك طلبه منا.",
    sections: &[
        Section {
            heading: "ما نحتفظ به",
            paragraphs: &[
                "حسابك: اسمك الكامل، ورقم جوالك وبريدك الإلكتروني بعد تأكيدهما، وجنسك وتاريخ ميلادك وصورة ملفك الشخصي فقط إن اخترت تقديمها أو احتاجتها العيادة التي تحجز لديها. يمكن أن تأتي الصورة من رفعك لها أو من حسابك في Google أو Facebook إن اخترت ذلك عند التسجيل.",
                "مواعيدك: العيادة والفرع ومقدم الخدمة والخدمة والوقت، والملاحظات التي تضيفها والملفات التي ترفعها (مثل تقرير أو نموذج)، والرسائل التي أرسلناها إليك بشأنها.",
                "البيانات التقنية: عنوان الاتصال الذي يستخدمه جهازك، ونوع المتصفح والنظام كما يعلنهما، ووقت تسجيل دخولك. نستخدمها لحماية حسابك ولنُريك الأجهزة المسجّل دخولك عليها.",
                "إذا سجّلت الدخول عبر Google نستلم معرّف حسابك واسمك وبريدك الإلكتروني وصورتك، وعبر Facebook معرّفك واسمك وبريدك الإلكتروني وصورتك. نستخدم رموز الدخول مرة واحدة لتأكيد هويتك ولا نحتفظ بها، ولا نطّلع أبدًا على بريدك أو جهات اتصالك أو رسائلك أو أصدقائك.",
            ],
        },
        Section {
            heading: "لماذا نستخدمها",
            paragraphs: &[
                "لإدارة حسابك وحجوزاتك (تنفيذ العقد)، ولإرسال التأكيدات والتذكيرات والتغييرات والمتابعات عبر الرسائل النصية أو واتساب أو البريد الإلكتروني (تنفيذ العقد واختيارك للقناة)، وللاحتفاظ بالبيانات الاختيارية ما دمت موافقًا، ولحماية الحسابات من إساءة الاستخدام (مصلحة مشروعة)، وللوفاء بالالتزامات القانونية.",
                "لا نبيع بياناتك ولا نستخدمها لأغراض إعلانية.",
            ],
        },
        Section {
            heading: "من يطّلع عليها",
            paragraphs: &[
                "تطّلع العيادة التي تحجز لديها على موعدك وعلى بيانات ملفك التي تحتاجها لتقديم الخدمة. لا يرى موظفو العيادة إلا من لديهم مواعيد فيها، ونسجّل كل اطلاع على سجلّك أو تعديل له مع هوية الشخص ووقته ومكانه، ويمكنك الاطلاع على هذا السجل في حسابك.",
                "تمر الرسائل عبر مزودين يوصلونها: Twilio أو Meta (واتساب) للرسائل النصية وواتساب، وخدمة للبريد الإلكتروني. لا تشارك Google وMeta إلا إذا سجّلت الدخول بهما. يحفظ مزود الاستضافة البيانات. قد يعالج بعض هؤلاء المزودين البيانات خارج بلدك وفق ضمانات تعاقدية.",
            ],
        },
        Section {
            heading: "مدة الاحتفاظ",
            paragraphs: &[
                "سجلات المواعيد: حتى 24 شهرًا بعد آخر موعد لك، ما لم يُلزم القانون العيادة بالاحتفاظ بالسجلات الطبية مدة أطول. حسابك: إلى أن تطلب أنت أو العيادة حذفه. سجل الرسائل: 12 شهرًا، وتفاصيل التسليم لدى مزودي الرسائل: 6 أشهر. تنتهي جلسات الدخول بعد 7 أيام من عدم الاستخدام وبعد 30 يومًا كحد أقصى، وتنتهي صلاحية رموز الدخول بعد 10 دقائق.",
            ],
        },
        Section {
            heading: "حقوقك",
            paragraphs: &[
                "يمكنك الاطلاع على بياناتك وتصحيحها من حسابك، وإفراغ البيانات الاختيارية (وهذا يسحب موافقتك عليها)، وفصل حساب Google أو Facebook، وتسجيل الخروج من كل الأجهزة. ويمكنك طلب نسخة من بياناتك بصيغة قابلة للنقل، أو حذفها، أو تقييد استخدامها، أو الاعتراض على استخدام معيّن لها، كما يحق لك تقديم شكوى إلى هيئة حماية البيانات في بلدك.",
            ],
        },
        Section {
            heading: "ملفات تعريف الارتباط",
            paragraphs: &[
                "لا نستخدم إلا ملفات الارتباط الضرورية للخدمة: واحد يبقيك مسجّل الدخول، وآخر يتذكر لغتك، وملفات قصيرة العمر تحمي عملية تسجيل الدخول أثناء جريانها. لا نستخدم ملفات إعلانية أو للتتبع. إن حظرت ملفات الارتباط فلن يعمل تسجيل الدخول.",
            ],
        },
        Section {
            heading: "الأمان",
            paragraphs: &[
                "الاتصالات مشفّرة، والجلسات والرموز لا تُحفظ إلا مجزّأة، والملفات المرفوعة مشفّرة عند التخزين، ولا يطّلع الموظفون على بيانات المرضى إلا بقدر الحاجة. لا يوجد نظام آمن تمامًا، لكننا نعمل على حماية بياناتك ونبلغك إن حدث خلل.",
            ],
        },
        Section {
            heading: "الأطفال",
            paragraphs: &[
                "لا يمكن لمن هم دون 16 عامًا (أو السن التي تحددها العيادة) امتلاك حساب خاص بهم. يمكن لولي الأمر إضافتهم إلى حسابه والحجز لهم، ولا يرى بياناتهم ويديرها غيره. إن اعتقدت أن بيانات طفل وصلتنا دون موافقة ولي أمره فتواصل معنا وسنتصرف.",
            ],
        },
        Section {
            heading: "التغييرات",
            paragraphs: &[
                "عند تغيير هذا الإشعار ننشر الإصدار الجديد هنا مع تاريخه، ونطلب موافقتك مجددًا حيث يشترط القانون ذلك.",
            ],
        },
    ],
    contact: "للأسئلة أو الطلبات المتعلقة ببياناتك:",
};

pub fn notice(lang: super::Lang) -> &'static PrivacyNotice {
    match lang {
        super::Lang::En => &EN,
        super::Lang::Ar => &AR,
    }
}
