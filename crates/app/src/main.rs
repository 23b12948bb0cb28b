//! `sujarit`: the one binary. Serves the web application, imports plan
//! documents and manages the database.

mod archive;
mod backup_cmd;
mod clean_cmd;
mod complaints_cmd;
mod demo;
mod export_cmd;
mod files_cmd;
mod import_cmd;
mod info_cmd;
mod national_cmd;
mod organizations_cmd;
mod oversight_cmd;
mod restore_cmd;
mod search_cmd;
mod serve_cmd;
mod user_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use sujarit_service::wording::Thai;

/// Sujarit (สุจริต): ระบบแผนปฏิบัติการป้องกันการทุจริตและความโปร่งใสขององค์กรปกครองส่วนท้องถิ่น
#[derive(Parser)]
#[command(name = "sujarit", version, about)]
struct Cli {
    /// ที่อยู่ฐานข้อมูล: ไฟล์ SQLite (ค่าเริ่มต้น sujarit.db ในโฟลเดอร์ปัจจุบัน) หรือ postgres://…
    #[arg(
        long,
        global = true,
        env = "SUJARIT_DATABASE_URL",
        default_value = "sqlite://sujarit.db"
    )]
    database: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// ปรับโครงสร้างฐานข้อมูลให้เป็นปัจจุบัน
    Migrate,
    /// นำเข้าข้อมูล
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// เรื่องร้องเรียนและเรื่องแจ้งเบาะแส: ย้ายเรื่องเดิมไปใช้กุญแจรายผู้รับ
    Complaints {
        #[command(subcommand)]
        what: complaints_cmd::ComplaintsCommand,
    },
    /// ทะเบียนองค์กรปกครองส่วนท้องถิ่น: นำเข้าจากไฟล์ CSV และแสดงรายชื่อ
    Organizations {
        #[command(subcommand)]
        what: organizations_cmd::OrganizationsCommand,
    },
    /// จัดการบัญชีเจ้าหน้าที่
    User {
        #[command(subcommand)]
        what: user_cmd::UserCommand,
    },
    /// ดัชนีการค้นหา
    Search {
        #[command(subcommand)]
        what: search_cmd::SearchCommand,
    },
    /// เปิดเว็บไซต์ Sujarit
    Serve {
        /// ที่อยู่และพอร์ตที่ให้บริการ
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// สร้างองค์กรตัวอย่างพร้อมแผนฉบับสมบูรณ์และบัญชีเจ้าหน้าที่ตัวอย่างเมื่อเริ่มครั้งแรก
        #[arg(long)]
        demo: bool,
        /// ให้บริการผ่าน HTTPS (โดยตรงหรือผ่าน reverse proxy): คุกกี้การเข้าสู่ระบบจะเป็นแบบ Secure
        #[arg(long, env = "SUJARIT_HTTPS")]
        https: bool,
        /// โฟลเดอร์เก็บไฟล์หลักฐานและไฟล์แนบ
        #[arg(long, env = "SUJARIT_FILES", default_value = sujarit_store::files::DEFAULT_DIR)]
        files: PathBuf,
        /// เก็บหน้าสาธารณะที่สร้างแล้วไว้ตอบซ้ำได้นานสุดกี่วินาที (0 = ไม่เก็บ); การแก้ไขผ่านระบบล้างทันที
        #[arg(long, env = "SUJARIT_PAGE_CACHE_SECONDS", default_value_t = 5)]
        page_cache_seconds: u64,
        /// ฐานข้อมูลสำเนาสำหรับอ่าน (PostgreSQL streaming replica) เช่น postgres://…: หน้าสาธารณะและ API สาธารณะอ่านจากสำเนานี้ การบันทึกทุกครั้งไปที่ฐานข้อมูลหลัก และผู้ที่เพิ่งบันทึกจะเห็นข้อมูลที่ตนบันทึกเสมอ (ไม่ระบุ = อ่านจากฐานข้อมูลหลัก)
        #[arg(long, env = "SUJARIT_READ_DATABASE_URL", hide_env_values = true)]
        read_database: Option<String>,
        /// ไฟล์กุญแจเข้ารหัสข้อมูลผู้ร้องเรียน (สร้างให้เมื่อยังไม่มี เก็บแยกจากฐานข้อมูลและสำรองไว้เสมอ)
        #[arg(long, env = "SUJARIT_KEY_FILE", default_value = sujarit_store::keyfile::DEFAULT_PATH)]
        key_file: PathBuf,
        /// จำนวนเรื่องร้องเรียนที่รับได้ต่อที่อยู่ IP ใน 10 นาที
        #[arg(long, env = "SUJARIT_COMPLAINTS_PER_ADDRESS", default_value_t = 30)]
        complaints_per_address: u32,
        /// จำนวนการตอบแบบสำรวจและการลงชื่อเข้าร่วมกิจกรรมที่รับได้ต่อที่อยู่ IP ใน 10 นาที
        #[arg(long, env = "SUJARIT_ANSWERS_PER_ADDRESS", default_value_t = 600)]
        answers_per_address: u32,
        /// เซิร์ฟเวอร์อีเมลสำหรับแจ้งความคืบหน้าแก่ผู้ร้องและแจ้งเตือนเจ้าหน้าที่ (ตั้งค่าการแจ้งเตือนได้ที่ /staff/notifications) เช่น smtp://user:pass@mail.example.go.th:587?tls=required (ไม่ระบุ = ไม่ส่งอีเมล); ควรตั้งผ่านตัวแปร SUJARIT_SMTP_URL เพื่อไม่ให้รหัสผ่านปรากฏในรายการโปรเซส
        #[arg(long, env = "SUJARIT_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// ยอมส่งอีเมลโดยไม่เข้ารหัส (smtp:// ที่ไม่มี tls=required) ใช้เฉพาะเมื่อเซิร์ฟเวอร์อีเมลอยู่ในเครื่องเดียวกัน
        #[arg(long, env = "SUJARIT_SMTP_ALLOW_PLAINTEXT")]
        smtp_allow_plaintext: bool,
        /// ผู้ส่งอีเมล เช่น "ศูนย์รับเรื่องร้องเรียน <complaints@example.go.th>"
        #[arg(
            long,
            env = "SUJARIT_MAIL_FROM",
            default_value = "Sujarit <no-reply@localhost>"
        )]
        mail_from: String,
        /// ที่อยู่สาธารณะของระบบ เช่น https://sujarit.example.go.th ใช้สร้างลิงก์เต็มทุกแห่ง (DCAT, API, คิวอาร์โค้ด, อีเมล) แทนการเชื่อส่วนหัว Host ที่ผู้ใช้กำหนดเองได้ (ไม่ระบุ = http://ที่อยู่ที่ให้บริการ)
        #[arg(long, env = "SUJARIT_PUBLIC_URL")]
        public_url: Option<String>,
        /// จำนวนการเชื่อมต่อพร้อมกันสูงสุด (เกินนี้รอคิว)
        #[arg(long, env = "SUJARIT_MAX_CONNECTIONS", default_value_t = 512)]
        max_connections: usize,
        /// เวลาสูงสุดที่รอส่วนหัวของคำขอ และเวลาที่การเชื่อมต่อว่างได้ (วินาที)
        #[arg(long, env = "SUJARIT_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
        header_timeout_seconds: u64,
        /// เวลาสูงสุดที่ตอบคำขอหนึ่ง (วินาที)
        #[arg(long, env = "SUJARIT_REQUEST_TIMEOUT_SECONDS", default_value_t = 300)]
        request_timeout_seconds: u64,
        /// reverse proxy ที่เชื่อถือได้ (ระบุซ้ำได้) เช่น 127.0.0.1 หรือ 10.0.0.0/8: อ่าน X-Forwarded-For และ X-Forwarded-Proto เฉพาะจากที่อยู่เหล่านี้
        #[arg(
            long = "trusted-proxy",
            env = "SUJARIT_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<String>,
        /// ตรวจลิงก์ในศูนย์ข้อมูลข่าวสารและเผยแพร่หน้าที่ระบบจัดทำทุกกี่ชั่วโมง (0 = ไม่ทำ)
        #[arg(long, env = "SUJARIT_LINK_CHECK_HOURS", default_value_t = 24)]
        link_check_hours: u64,
        /// เครือข่ายภายในที่ตัวตรวจลิงก์เข้าถึงได้ เช่น 10.20.0.0/16 สำหรับอินทราเน็ตของเทศบาล (ระบุซ้ำได้; ค่าเริ่มต้นไม่ตรวจที่อยู่ภายในใดเลย)
        #[arg(long, value_parser = info_cmd::parse_network)]
        link_check_allow: Vec<sujarit_service::disclosure::links::IpNet>,
        /// คำนวณตัวเลขสรุปของ อปท. ในทะเบียนสำหรับผู้กำกับดูแลใหม่ทุกกี่นาที (0 = ไม่ทำ; ทำครั้งแรกเมื่อเริ่ม)
        #[arg(long, env = "SUJARIT_OVERSIGHT_REFRESH_MINUTES", default_value_t = 10)]
        oversight_refresh_minutes: u64,
    },
    /// ข้อมูลตัวอย่างสำหรับทดสอบ
    Demo {
        #[command(subcommand)]
        what: national_cmd::DemoCommand,
    },
    /// ตัวเลขสรุปของ อปท. แต่ละแห่งสำหรับผู้กำกับดูแล
    Oversight {
        #[command(subcommand)]
        what: oversight_cmd::OversightCommand,
    },
    /// จัดการกุญแจเข้ารหัสข้อมูลผู้ร้องเรียน
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// ไฟล์หลักฐานและไฟล์แนบที่เก็บไว้: ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึง
    Files {
        #[command(subcommand)]
        what: files_cmd::FilesCommand,
    },
    /// ศูนย์ข้อมูลข่าวสาร: รายการข้อมูลสาธารณะและการตรวจลิงก์
    Info {
        #[command(subcommand)]
        what: info_cmd::InfoCommand,
    },
    /// ส่งออกรายงาน: schedule (ตารางแผนประจำปี), summary (ตารางสรุปส่วนที่ 2), monitoring (รายงานผลการดำเนินงาน)
    Export {
        /// ชนิดรายงาน: schedule, summary, monitoring หรือ complaints (รายงานเรื่องร้องเรียนต่อผู้บริหาร)
        kind: String,
        /// ปีงบประมาณ (พ.ศ.) เช่น 2568
        #[arg(long)]
        fiscal_year: String,
        /// รอบการรายงาน 6m หรือ 12m (ต้องระบุสำหรับ monitoring)
        #[arg(long)]
        round: Option<String>,
        /// รูปแบบไฟล์: pdf, xlsx หรือ csv
        #[arg(long)]
        format: String,
        /// ไฟล์ที่จะบันทึก
        #[arg(long)]
        output: PathBuf,
        /// รหัสองค์กร (ไม่ต้องระบุถ้าฐานข้อมูลมีองค์กรเดียว)
        #[arg(long)]
        organization: Option<String>,
        /// ผลการดำเนินงานที่นับ: published, approved หรือ all
        #[arg(long, default_value = "approved")]
        include: String,
        /// ชื่อ - สกุล ผู้ออกรายงาน
        #[arg(long)]
        issuer: Option<String>,
    },
    /// สำรองฐานข้อมูลและไฟล์ที่เก็บไว้ลงไฟล์เดียว ทำได้ขณะระบบทำงาน (ไม่รวมไฟล์กุญแจ ซึ่งต้องสำรองแยก)
    Backup {
        /// ไฟล์สำรองที่จะสร้าง เช่น sujarit-2568-10-01.tar.gz
        #[arg(long)]
        output: PathBuf,
        /// โฟลเดอร์เก็บไฟล์หลักฐานและไฟล์แนบ (เดียวกับของ serve)
        #[arg(long, env = "SUJARIT_FILES", default_value = sujarit_store::files::DEFAULT_DIR)]
        files: PathBuf,
        /// ไฟล์กุญแจ (เดียวกับของ serve): ไม่ใส่ลงไฟล์สำรองแม้อยู่ในโฟลเดอร์ไฟล์
        #[arg(long, env = "SUJARIT_KEY_FILE", default_value = sujarit_store::keyfile::DEFAULT_PATH)]
        key_file: PathBuf,
    },
    /// กู้คืนจากไฟล์สำรองลงฐานข้อมูลว่าง (--database) และโฟลเดอร์ไฟล์ว่างหรือที่ยังไม่มี
    Restore {
        /// ไฟล์สำรองที่ได้จาก sujarit backup
        file: PathBuf,
        /// โฟลเดอร์ที่จะวางไฟล์หลักฐานและไฟล์แนบ (ต้องว่างหรือยังไม่มี)
        #[arg(long, env = "SUJARIT_FILES", default_value = sujarit_store::files::DEFAULT_DIR)]
        files: PathBuf,
    },
    /// ทำความสะอาดไฟล์แนบจากอินพุตมาตรฐาน เขียนผลออกเอาต์พุตมาตรฐาน (เซิร์ฟเวอร์เรียกใช้เอง)
    #[command(hide = true)]
    CleanFile {
        /// ชนิดไฟล์ (media type) เช่น application/pdf
        media_type: String,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// นำเข้าแผนปฏิบัติการป้องกันการทุจริตจากไฟล์ข้อความ (UTF-8 หรือ TIS-620)
    Plan {
        /// ไฟล์แผน (.txt ที่ได้จาก PDF)
        file: PathBuf,
        /// ชื่อองค์กร (ถ้าไม่ระบุ อ่านจากเอกสาร)
        #[arg(long)]
        organization: Option<String>,
        /// รหัสองค์กรในที่อยู่เว็บ เช่น nakhonsi (ถ้าไม่ระบุ สร้างจากชื่อ)
        #[arg(long)]
        slug: Option<String>,
        /// ตรวจเอกสารและแสดงผลโดยไม่บันทึกลงฐานข้อมูล
        #[arg(long)]
        dry_run: bool,
        /// รูปแบบผลลัพธ์
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// เพิ่มกุญแจใหม่เป็นกุญแจปัจจุบัน (กุญแจเดิมยังเปิดข้อมูลเดิมได้) มีผลเมื่อเริ่มระบบครั้งถัดไป
    Rotate {
        #[arg(long, env = "SUJARIT_KEY_FILE", default_value = sujarit_store::keyfile::DEFAULT_PATH)]
        key_file: PathBuf,
    },
}

fn keys_rotate(path: &std::path::Path) -> ExitCode {
    match sujarit_store::keyfile::rotate(path) {
        Ok(name) => {
            println!(
                "เพิ่มกุญแจ {name} ใน {} แล้ว ข้อมูลใหม่จะเข้ารหัสด้วยกุญแจนี้เมื่อเริ่มระบบครั้งถัดไป \
                 เก็บกุญแจเดิมไว้ในไฟล์ และสำรองไฟล์นี้ใหม่",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ข้อผิดพลาด: {}", sujarit_service::wording::key_file(&e));
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before logging and the runtime: the child's standard error carries
    // only its refusal, and it needs no threads.
    if let Command::CleanFile { media_type } = &cli.command {
        return clean_cmd::run(media_type);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("เริ่มระบบไม่สำเร็จ: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Migrate => match sujarit_store::connect(&cli.database).await {
                Ok(store) => match store.migrate().await {
                    Ok(()) => {
                        println!("ปรับโครงสร้างฐานข้อมูลเรียบร้อย");
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&Thai(e)),
                },
                Err(e) => fail(&Thai(e)),
            },
            Command::Import {
                what:
                    ImportWhat::Plan {
                        file,
                        organization,
                        slug,
                        dry_run,
                        format,
                    },
            } => {
                import_cmd::run(import_cmd::Args {
                    database: &cli.database,
                    file: &file,
                    organization,
                    slug,
                    dry_run,
                    format,
                })
                .await
            }
            Command::User { what } => user_cmd::run(&cli.database, what).await,
            Command::Organizations { what } => organizations_cmd::run(&cli.database, what).await,
            Command::Complaints { what } => complaints_cmd::run(&cli.database, what).await,
            Command::Info { what } => info_cmd::run(&cli.database, what).await,
            Command::Files { what } => files_cmd::run(&cli.database, what).await,
            Command::Search { what } => search_cmd::run(&cli.database, what).await,
            Command::Demo { what } => national_cmd::run(&cli.database, what).await,
            Command::Oversight { what } => oversight_cmd::run(&cli.database, what).await,
            Command::Serve {
                bind,
                demo,
                https,
                files,
                page_cache_seconds,
                read_database,
                key_file,
                complaints_per_address,
                answers_per_address,
                smtp_url,
                smtp_allow_plaintext,
                mail_from,
                public_url,
                trusted_proxies,
                max_connections,
                header_timeout_seconds,
                request_timeout_seconds,
                link_check_hours,
                link_check_allow,
                oversight_refresh_minutes,
            } => {
                serve_cmd::run(
                    &cli.database,
                    serve_cmd::Options {
                        bind,
                        demo,
                        https,
                        files,
                        page_cache_seconds,
                        read_database,
                        key_file,
                        complaints_per_address,
                        answers_per_address,
                        smtp_url,
                        smtp_allow_plaintext,
                        mail_from,
                        public_url,
                        trusted_proxies,
                        server: sujarit_web::server::ServerLimits {
                            max_connections,
                            header_read_timeout: std::time::Duration::from_secs(
                                header_timeout_seconds.max(1),
                            ),
                            request_timeout: std::time::Duration::from_secs(
                                request_timeout_seconds.max(1),
                            ),
                            ..Default::default()
                        },
                        link_check_hours,
                        link_check_allow,
                        oversight_refresh_minutes,
                    },
                )
                .await
            }
            Command::Keys {
                command: KeysCommand::Rotate { key_file },
            } => keys_rotate(&key_file),
            Command::CleanFile { media_type } => clean_cmd::run(&media_type),
            Command::Backup {
                output,
                files,
                key_file,
            } => {
                backup_cmd::run(backup_cmd::Args {
                    database: &cli.database,
                    output,
                    files,
                    key_file,
                })
                .await
            }
            Command::Restore { file, files } => {
                restore_cmd::run(restore_cmd::Args {
                    database: &cli.database,
                    file,
                    files,
                })
                .await
            }
            Command::Export {
                kind,
                fiscal_year,
                round,
                format,
                output,
                organization,
                include,
                issuer,
            } => {
                export_cmd::run(export_cmd::Args {
                    database: &cli.database,
                    kind,
                    fiscal_year,
                    round,
                    format,
                    output,
                    organization,
                    include,
                    issuer,
                })
                .await
            }
        }
    })
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {error}");
    ExitCode::from(1)
}
